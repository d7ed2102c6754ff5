"""Queue tasks once the transaction that asked for them has committed, never before.

A request that writes a `Message` and then fails rolls back: nothing may be sent. So
services call `enqueue_after_commit(session, task, *args)`; the tasks go to the queue in the
session's `after_commit` event, and are forgotten when the transaction rolls back. If the
queue cannot be reached at that moment, the work is still in the database and the worker's
recovery hooks queue it again (register/jobs/worker.py).
"""

from __future__ import annotations

import logging
from typing import Any

from huey.api import TaskWrapper
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_PENDING = "jobs_after_commit"
log = logging.getLogger(__name__)


def enqueue_after_commit(session: Session, task: TaskWrapper, *args: Any, **options: Any) -> None:
    """Queue `task(*args)` (Huey `schedule` options allowed) when `session` commits."""
    session.info.setdefault(_PENDING, []).append((task, args, options))


def _enqueue(session: Session) -> None:
    for task, args, options in session.info.pop(_PENDING, []):
        try:
            task.schedule(args=args, delay=0, **options)
        except Exception:  # the database holds the work; recovery queues it again
            log.exception("could not queue %s%r; the worker's recovery will", task.name, args)


def _forget(session: Session, previous_transaction: SessionTransaction) -> None:
    # A rolled-back savepoint leaves the outer transaction's tasks in place; the task finds
    # its row missing and does nothing.
    if not previous_transaction.nested:
        session.info.pop(_PENDING, None)


def install_after_commit() -> None:
    """Attach the listeners to every session (idempotent)."""
    if not event.contains(Session, "after_commit", _enqueue):
        event.listen(Session, "after_commit", _enqueue)
        event.listen(Session, "after_soft_rollback", _forget)
