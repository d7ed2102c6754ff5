"""Checking the hash chain, streaming: constant memory at any number of entries."""

from __future__ import annotations

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

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(connection: Connection) -> ChainReport:
    """Walk the trail in id order and check every link and every entry's hash."""
    columns = [AuditEntry.id, AuditEntry.prev_hash, AuditEntry.hash] + [
        getattr(AuditEntry, name) for name in HASHED_FIELDS
    ]
    statement = sa.select(*columns).order_by(AuditEntry.id)
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(statement)
    previous = GENESIS_HASH
    previous_id: int | None = None
    checked = 0
    try:
        for entry_id, prev_hash, stored_hash, *values in result:
            if prev_hash != previous:
                after = f"item {previous_id}" if previous_id is not None else "het begin"
                return ChainReport(
                    checked,
                    entry_id,
                    f"sluit niet aan op {after}: een item ontbreekt, is verplaatst of ingevoegd",
                )
            if entry_hash(prev_hash, dict(zip(HASHED_FIELDS, values))) != stored_hash:
                return ChainReport(
                    checked, entry_id, "de inhoud past niet bij de hash: het item is gewijzigd"
                )
            previous = stored_hash
            previous_id = entry_id
            checked += 1
    finally:
        result.close()
    return ChainReport(checked)
