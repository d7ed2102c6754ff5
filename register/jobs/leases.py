"""Leases: which worker holds a queued row (a job, a message) and until when.

A worker takes a row with one compare-and-set UPDATE: only a row nobody holds, or whose
lease ran out (its worker was killed), is taken. The lease lasts `JOB_LEASE_SECONDS`;
recovery at worker start queues again what a killed worker held.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app

from register.db import utcnow
from register.extensions import db


def take_lease(table: sa.Table, row_id: int, *conditions: Any, **values: Any) -> bool:
    """Hold the row for this worker if `conditions` hold and nobody else holds it; commits.

    A compare-and-set in one statement: bookkeeping of the worker, not a change anyone
    audits (what the work changes is recorded through the ORM).
    """
    now = utcnow()
    taken = db.session.execute(
        sa.update(table)
        .where(table.c.id == row_id, _not_held(table.c, now), *conditions)
        .values(claimed_until=now + lease_time(), **values)
    )
    db.session.commit()
    # An UPDATE's result is a CursorResult; Session.execute is typed with the base Result.
    return bool(cast("sa.CursorResult[Any]", taken).rowcount)


def lease_time() -> dt.timedelta:
    """How long a lease lasts (`JOB_LEASE_SECONDS`)."""
    return dt.timedelta(seconds=float(current_app.config["JOB_LEASE_SECONDS"]))


def left_behind(model: Any, *, at_start: bool) -> tuple[sa.ColumnElement[bool], ...]:
    """Where a row of `model` (a job, a message) waits for no live worker: created a lease
    ago or longer (any time when the workers start) and nobody holds it any more."""
    now = utcnow()
    waited = now if at_start else now - lease_time()
    return (model.created_at <= waited, _not_held(model, now))


def _not_held(columns: Any, now: dt.datetime) -> sa.ColumnElement[bool]:
    return sa.or_(columns.claimed_until.is_(None), columns.claimed_until < now)
