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
    lease = dt.timedelta(seconds=float(current_app.config["JOB_LEASE_SECONDS"]))
    taken = db.session.execute(
        sa.update(table)
        .where(
            table.c.id == row_id,
            sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now),
            *conditions,
        )
        .values(claimed_until=now + lease, **values)
    )
    db.session.commit()
    # An UPDATE's result is a CursorResult; Session.execute is typed with the base Result.
    return bool(cast("sa.CursorResult[Any]", taken).rowcount)
