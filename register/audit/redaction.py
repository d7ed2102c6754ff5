"""Personal values the trail keeps only as a keyed hash (`__audit_redact__` on a model).

A model lists the columns that hold personal data of people outside the organisation
(`__audit_redact__ = ("requester_name", ...)`, beside `__audit__`). The recorder stores for
such a column not its value but a marker with an HMAC-SHA256 of it, keyed by
`AUDIT_REDACTION_KEY` (or a key derived from `SECRET_KEY`): whoever holds the key and a value
can check that it is the one recorded, nobody can read it back, and the record's own deletion
leaves nothing of the person in the trail. The marker is an ordinary string in `changes`, so
the hash chain covers it like any other value.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app

REDACTED_PREFIX = "[redacted] hmac-sha256:"
_CONTEXT = b"register audit redaction"


def redacted_columns(obj: Any) -> frozenset[str]:
    """The columns of `obj` whose values the trail keeps only as a keyed hash."""
    return frozenset(getattr(type(obj), "__audit_redact__", ()))


def _key() -> bytes:
    configured = current_app.config.get("AUDIT_REDACTION_KEY")
    if configured:
        return str(configured).encode()
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, _CONTEXT, hashlib.sha256).digest()


def keyed_hash(value: Any) -> str:
    """The marker stored instead of `value` (a plain, JSON-safe value)."""
    digest = hmac.new(_key(), str(value).encode(), hashlib.sha256).hexdigest()
    return REDACTED_PREFIX + digest


def redact(value: Any) -> Any:
    """`value` as the trail keeps it: None and "" stay (nothing to hide), the rest is hashed."""
    if value is None or value == "":
        return value
    return keyed_hash(value)


def is_redacted(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(REDACTED_PREFIX)


def matches(marker: str, value: Any) -> bool:
    """Whether `marker` was recorded for `value` (constant-time comparison)."""
    return hmac.compare_digest(marker, keyed_hash(value))
