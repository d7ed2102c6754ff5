"""Derived data: values computed from register rows, kept current by one declared mechanism.

A model declares what it feeds, as it declares `__audit__`::

    class Licence(EditableMixin, Model):
        __derived__ = (Derived.COMPLETENESS,)

When a flush adds, changes or deletes a row of such a model, the session notes the kinds
it feeds; just before the transaction commits, each noted kind is refreshed once, inside
the same transaction (so the derived data commits, or rolls back, with its cause)::

    Derived.COMPLETENESS  activities.services.refresh_missing_counts  Activity.missing_count
    Derived.DRIFT         agreements.drift.refresh_drift              AgreementDrift flags

A new table that feeds the register therefore needs one line on its model; the test
`tests/agreements/test_derived.py` fails when a table the drift or completeness reads has
none. The listeners are bound to the application's session (`db.session`), installed once
by `create_app`; a rollback forgets what was noted.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

_NOTED = "derived_noted"


class Derived(enum.Enum):
    """A kind of derived data, named by what it keeps current."""

    COMPLETENESS = "completeness"  # Activity.missing_count: the art. 30 items an activity lacks
    DRIFT = "drift"  # signed agreements whose register data changed since they were sent


def feeds(model: type) -> frozenset[Derived]:
    """The kinds of derived data a model's rows feed (its `__derived__` declaration)."""
    return frozenset(getattr(model, "__derived__", ()))


def noted(session: Session) -> frozenset[Derived]:
    """The kinds of derived data this transaction's flushed changes feed (refreshed at commit)."""
    return frozenset(session.info.get(_NOTED, ()))


def _refreshers() -> dict[Derived, Callable[[Session], Any]]:
    # Imported when first needed: models import this module, the refreshers import models.
    from register.activities.services import refresh_missing_counts
    from register.agreements.drift import refresh_drift

    # Completeness first: its counts are register data the drift does not read.
    return {Derived.COMPLETENESS: refresh_missing_counts, Derived.DRIFT: refresh_drift}


def _note(session: Session, flush_context: Any, instances: Iterable[Any] | None) -> None:
    noted: set[Derived] = session.info.setdefault(_NOTED, set())
    for obj in itertools.chain(session.new, session.dirty, session.deleted):
        noted |= feeds(type(obj))


def _refresh(session: Session) -> None:
    # before_commit runs before the commit's own flush: flush first so its changes count.
    session.flush()
    noted = session.info.pop(_NOTED, set())
    for kind, refresh in _refreshers().items():
        if kind in noted:
            refresh(session)


def _forget(session: Session, previous_transaction: Any = None) -> None:
    session.info.pop(_NOTED, None)


def install_derived_listeners(session: Session | scoped_session[Session]) -> None:
    """Keep derived data current in every transaction of `session` (idempotent)."""
    if not event.contains(session, "before_flush", _note):
        event.listen(session, "before_flush", _note)
        event.listen(session, "before_commit", _refresh)
        event.listen(session, "after_soft_rollback", _forget)
