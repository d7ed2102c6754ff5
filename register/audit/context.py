"""Who is acting: the signed-in user in a request, or the operator of a CLI command."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from flask import g, has_request_context, request


@dataclass(frozen=True)
class Actor:
    id: int | None
    email: str
    ip: str = ""


SYSTEM = Actor(id=None, email="systeem")
_cli_actor: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


def current_actor() -> Actor:
    """The actor to record: set per request by auth, or by `acting_as` in CLI commands."""
    override = _cli_actor.get()
    if override is not None:
        return override
    if has_request_context():
        actor = g.get("audit_actor")
        if actor is not None:
            return actor
        return Actor(id=None, email="anoniem", ip=request.remote_addr or "")
    return SYSTEM


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Record changes made inside the block as done by `actor`."""
    token = _cli_actor.set(actor)
    try:
        yield actor
    finally:
        _cli_actor.reset(token)
