"""A local SMTP server that catches mail: every message is kept as a .eml file.

`flask --app register mail-sink` (started by `make run`) listens on 127.0.0.1:8025 and
writes each message to `instance/mail/<time>-<n>.eml`; the development page lists them.
Tests use `CollectingHandler` with an in-memory list instead of a folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import itertools
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from flask import Flask


@dataclass
class CollectingHandler:
    """aiosmtpd handler: parse every message and keep it (and write it to `folder`)."""

    folder: Path | None = None
    keep: bool = True  # keep parsed messages in `messages` (tests); the sink only writes
    messages: list[EmailMessage] = field(default_factory=list)
    received: threading.Condition = field(default_factory=threading.Condition)
    _counter: Any = field(default_factory=lambda: itertools.count(1))

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
            (self.folder / f"{stamp}-{next(self._counter):05d}.eml").write_bytes(raw)
        with self.received:
            if self.keep:
                self.messages.append(parsed)
            self.received.notify_all()
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """aiosmtpd's Controller, able to listen on port 0 (a free port the system picks)."""

    def _trigger_server(self) -> None:
        # aiosmtpd 1.4 connects to `self.port` to check the server is up: learn it first.
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def start_sink(handler: Any, host: str = "127.0.0.1", port: int = 0) -> Controller:
    """Start an SMTP server in a thread; `controller.port` is the port it listens on."""
    controller = _Controller(handler, hostname=host, port=port)
    controller.start()
    return controller


def sink_folder(app: Flask) -> Path:
    """The folder the development sink writes to (MAIL_SINK_DIR, else instance/mail)."""
    configured = app.config.get("MAIL_SINK_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "mail"


def read_message(path: Path) -> EmailMessage:
    """One caught message, parsed."""
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def read_mailbox(folder: Path, limit: int = 200) -> list[tuple[str, EmailMessage]]:
    """The newest `limit` caught messages in `folder`, newest first, with their file names."""
    if not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.eml"), reverse=True)[:limit]
    return [(path.name, read_message(path)) for path in paths]
