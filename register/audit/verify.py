"""Checking the hash chain in batches by id: constant memory at any number of entries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from register.audit.chain import HASHED_FIELDS, entry_hash
from register.audit.models import GENESIS_HASH, AuditEntry

BATCH = 2000


@dataclass(frozen=True)
class ChainReport:
    """The outcome: entries checked, and the first broken entry (id and what is wrong)."""

    checked: int
    broken_id: int | None = None
    problem: str = ""
    kind: str = ""  # "link" (an entry missing, moved or inserted) or "content" (changed)

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(
    connection: Connection, progress: Callable[[int], None] | None = None
) -> ChainReport:
    """Walk the trail in id order and check every link and every entry's hash.

    The entries are read in batches by id (keyset), each batch fetched whole before it is
    checked, so memory stays constant and no cursor is open when `progress(checked)` is
    called after each batch (the chain-check job commits its progress there).
    """
    columns = [AuditEntry.id, AuditEntry.prev_hash, AuditEntry.hash] + [
        getattr(AuditEntry, name) for name in HASHED_FIELDS
    ]
    previous = GENESIS_HASH
    previous_id: int | None = None
    checked = 0
    while True:
        statement = sa.select(*columns).order_by(AuditEntry.id).limit(BATCH)
        if previous_id is not None:
            statement = statement.where(AuditEntry.id > previous_id)
        rows = connection.execute(statement).all()
        if not rows:
            return ChainReport(checked)
        for entry_id, prev_hash, stored_hash, *values in rows:
            if prev_hash != previous:
                after = f"item {previous_id}" if previous_id is not None else "het begin"
                return ChainReport(
                    checked,
                    entry_id,
                    f"sluit niet aan op {after}: een item ontbreekt, is verplaatst of ingevoegd",
                    "link",
                )
            if entry_hash(prev_hash, dict(zip(HASHED_FIELDS, values, strict=True))) != stored_hash:
                return ChainReport(
                    checked,
                    entry_id,
                    "de inhoud past niet bij de hash: het item is gewijzigd",
                    "content",
                )
            previous = stored_hash
            previous_id = entry_id
            checked += 1
        if progress is not None:
            progress(checked)
