"""Keeping an uploaded file between preview and confirmation, server-side and bound to a user.

The file lives in the instance folder (or EXCHANGE_STAGING_DIR) under a random name; the
session holds only that name (a random token), the file's SHA-256 and when it was stored.
Nothing a client sends is ever used as a path. Files are deleted after use and when they expire.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app, session

SESSION_KEY = "exchange_import"
MAX_AGE_SECONDS = 30 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


@dataclass(frozen=True)
class StagedFile:
    token: str
    sha256: str
    filename: str
    content: bytes


def _folder() -> Path:
    configured = current_app.config.get("EXCHANGE_STAGING_DIR")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _path(token: str) -> Path:
    if not _TOKEN.fullmatch(token):
        raise ValueError("invalid token")
    return _folder() / f"{token}.xlsx"


def purge_expired(now: float | None = None) -> None:
    """Delete staged files older than the maximum age."""
    now = now or time.time()
    for path in _folder().glob("*.xlsx"):
        try:
            if now - path.stat().st_mtime > MAX_AGE_SECONDS:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def stage(content: bytes, filename: str, user_id: int) -> StagedFile:
    """Store an upload for this user's session; any earlier staged file is dropped."""
    discard()
    purge_expired()
    token = secrets.token_urlsafe(32)
    digest = hashlib.sha256(content).hexdigest()
    path = _path(token)
    path.write_bytes(content)
    path.chmod(0o600)
    session[SESSION_KEY] = {
        "token": token,
        "sha256": digest,
        "filename": filename[:200],
        "user_id": user_id,
        "stored_at": time.time(),
    }
    return StagedFile(token, digest, filename, content)


def load(token: str, user_id: int) -> StagedFile | None:
    """The staged file if the token is this session's, unexpired and the file is unchanged."""
    info: dict[str, Any] | None = session.get(SESSION_KEY)
    if not info or not hmac.compare_digest(str(info.get("token", "")), token or ""):
        return None
    if info.get("user_id") != user_id or time.time() - info.get("stored_at", 0) > MAX_AGE_SECONDS:
        discard()
        return None
    try:
        content = _path(info["token"]).read_bytes()
    except (OSError, ValueError):
        session.pop(SESSION_KEY, None)
        return None
    if hashlib.sha256(content).hexdigest() != info.get("sha256"):
        discard()
        return None
    return StagedFile(info["token"], info["sha256"], info.get("filename", ""), content)


def discard() -> None:
    """Delete this session's staged file, if any."""
    info = session.pop(SESSION_KEY, None)
    if info and isinstance(info.get("token"), str):
        with contextlib.suppress(OSError, ValueError):
            _path(info["token"]).unlink(missing_ok=True)
