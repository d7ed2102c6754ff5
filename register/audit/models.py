"""The append-only, hash-chained audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from register.db import Model, utcnow

GENESIS_HASH = "0" * 64


class AuditEntry(Model):
    """One recorded change, sign-in, download or export; never updated or deleted."""

    __tablename__ = "audit_entry"
    # The overview lists entries newest first (created_at, id) under one optional filter:
    # each filter's index ends with created_at, so the database reads a page straight from
    # the index instead of sorting every matching entry (SQLite appends the rowid itself).
    __table_args__ = (
        sa.Index("ix_audit_entry_entity", "entity_type", "entity_id", "created_at"),
        sa.Index("ix_audit_entry_type_time", "entity_type", "created_at"),
        sa.Index("ix_audit_entry_created_at", "created_at"),
        sa.Index("ix_audit_entry_actor", "actor_id", "created_at"),
        sa.Index("ix_audit_entry_action", "action", "created_at"),
    )

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None]
    actor_email: Mapped[str] = mapped_column(sa.String(200), default="")
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    action: Mapped[str] = mapped_column(sa.String(40))
    entity_type: Mapped[str] = mapped_column(sa.String(40), default="")
    entity_id: Mapped[str] = mapped_column(sa.String(40), default="")
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    changes: Mapped[dict[str, Any] | None]
    # The chain: prev_hash is unique, so two writers cannot both extend the same entry.
    prev_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
