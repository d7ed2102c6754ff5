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
        for row in result:
            fields = row._mapping
            if fields["prev_hash"] != previous:
                after = f"item {previous_id}" if previous_id is not None else "het begin"
                return ChainReport(
                    checked,
                    fields["id"],
                    f"sluit niet aan op {after}: een item ontbreekt, is verplaatst of ingevoegd",
                )
            if entry_hash(fields["prev_hash"], fields) != fields["hash"]:
                return ChainReport(
                    checked, fields["id"], "de inhoud past niet bij de hash: het item is gewijzigd"
                )
            previous = fields["hash"]
            previous_id = fields["id"]
            checked += 1
    finally:
        result.close()
    return ChainReport(checked)
