"""Keeping drift flags current: every commit that changed register data re-checks them.

Drift is derived data. Rather than asking every view, import and CLI command that edits
the register to remember it, a session listener notes when a flush touched register data
and refreshes the flags just before that transaction commits (in the same transaction).
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from register.agreements.drift import refresh_drift

# Tables whose rows feed an agreement's snapshot (activity lists change the activity row).
REGISTER_TABLES = frozenset(
    {
        "activity",
        "activity_purpose",
        "activity_data_category",
        "activity_subprocessor",
        "transfer",
        "retention_rule",
        "term",
        "organisation",
        "product",
    }
)
_CHANGED = "register_changed"


def _note_register_change(session: Session, flush_context: Any, instances: Any) -> None:
    if session.info.get(_CHANGED):
        return
    for obj in itertools.chain(session.new, session.dirty, session.deleted):
        if getattr(obj, "__tablename__", None) in REGISTER_TABLES:
            session.info[_CHANGED] = True
            return


def _refresh_before_commit(session: Session) -> None:
    # before_commit runs before the commit's own flush: flush first so its changes count.
    session.flush()
    if session.info.pop(_CHANGED, False):
        refresh_drift(session)


def _forget(session: Session, previous_transaction: Any = None) -> None:
    session.info.pop(_CHANGED, None)


def install_drift_listener() -> None:
    """Attach the listener to every session (idempotent)."""
    if not event.contains(Session, "before_flush", _note_register_change):
        event.listen(Session, "before_flush", _note_register_change)
        event.listen(Session, "before_commit", _refresh_before_commit)
        event.listen(Session, "after_soft_rollback", _forget)
