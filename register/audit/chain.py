"""Appending to the hash chain and recomputing an entry's hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from register.audit.models import GENESIS_HASH, AuditEntry
from register.db import utcnow

# Arbitrary constant key for pg_advisory_xact_lock: serialises appends on PostgreSQL.
_PG_LOCK_KEY = 0x5245_4749  # "REGI"

HASHED_FIELDS = (
    "created_at",
    "actor_id",
    "actor_email",
    "ip",
    "action",
    "entity_type",
    "entity_id",
    "summary",
    "changes",
)


# Canonical JSON: sorted keys, no whitespace, UTF-8 as is. One encoder, built once
# (json.dumps with options builds a new encoder per call; verify hashes a million entries).
_canonical_json = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical JSON of the entry's fields."""
    payload = {name: fields.get(name) for name in HASHED_FIELDS}
    created = payload["created_at"]
    if isinstance(created, dt.datetime):
        payload["created_at"] = created.astimezone(dt.UTC).isoformat()
    text = _canonical_json(payload)
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def append_entries(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert audit rows at the end of the chain, within the caller's transaction."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        # SQLite has one writer at a time and a write statement takes the write lock: with it
        # held, the last hash read below cannot change before this transaction ends, so a
        # concurrent request waits instead of forking the chain. The statement matches no row.
        connection.execute(sa.text("UPDATE audit_entry SET hash = hash WHERE 0 = 1"))
    prev = connection.execute(
        sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev = prev or GENESIS_HASH
    now = utcnow()
    for row in rows:
        row.setdefault("created_at", now)
        row.setdefault("changes", None)
        for name in ("actor_email", "ip", "entity_type", "entity_id", "summary"):
            row[name] = str(row.get(name) or "")[:300]
        row["prev_hash"] = prev
        row["hash"] = entry_hash(prev, row)
        prev = row["hash"]
    connection.execute(sa.insert(AuditEntry), rows)
