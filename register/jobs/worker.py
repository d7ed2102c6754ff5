"""Running jobs: the long-running worker, the burst run, and recovery at start.

Huey takes a task off the queue before running it, so a worker killed with `kill -9`
loses the task it was running. The work itself is not lost: it is a database row in an
unfinished state. Each feature registers a recovery hook with `@on_worker_start`; the hooks
run when a worker starts and every minute after, and queue again every unfinished row
whose claim has run out. Running a task twice is harmless (see register/jobs/__init__.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from flask import Flask
from huey import crontab

from register.extensions import db
from register.jobs.queue import bound_app, init_queue, queue

log = logging.getLogger(__name__)
Hook = Callable[[bool], None]
_RECOVERY: list[Hook] = []


def on_worker_start(hook: Hook) -> Hook:
    """Register `hook(at_start)` (runs in an app context) to queue again unfinished work.

    At a worker's start everything unfinished and unclaimed is queued; in the periodic run
    only what has waited longer than a lease, so work still in the queue is not added twice.
    """
    _RECOVERY.append(hook)
    return hook


def recover(app: Flask, *, at_start: bool = True) -> None:
    """Run every recovery hook once, each in its own transaction."""
    with app.app_context():
        for hook in _RECOVERY:
            try:
                hook(at_start)
                db.session.commit()
            except Exception:
                db.session.rollback()
                log.exception("recovery hook %s failed", hook.__name__)


@queue.periodic_task(crontab(minute="*"), name="register.jobs.worker.recover_every_minute")
def recover_every_minute() -> None:
    """Queue again the work a dead worker left claimed (the claim has run out by now)."""
    recover(bound_app(), at_start=False)


def run_burst(app: Flask, *, wait_scheduled: float = 0.0) -> int:
    """Run jobs until nothing is queued or due; return how many ran.

    Retries waiting in the schedule are waited for when due within `wait_scheduled` seconds.
    """
    init_queue(app)  # tasks run in this app (tests build several)
    recover(app)
    deadline = time.monotonic() + wait_scheduled
    done = 0
    while True:
        task = queue.dequeue()
        if task is not None:
            queue.execute(task)
            done += 1
            continue
        due = queue.read_schedule()
        for scheduled in due:
            queue.enqueue(scheduled)
        if due:
            continue
        if queue.scheduled_count() == 0 or time.monotonic() >= deadline:
            return done
        time.sleep(0.05)


def run_worker(app: Flask, *, workers: int = 2) -> None:
    """Run jobs, retries and periodic tasks until stopped (SIGINT/SIGTERM)."""
    recover(app)
    consumer = queue.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()
