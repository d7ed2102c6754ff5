"""Running a `Job` row: claim it, run its kind's handler with progress, store the result.

A handler is registered per kind with `@handles("register_pdf")`; it reads `job.params`,
reports `progress(done, total, step)` (committed at once, so the page shows it) and returns
the file. A failure is counted and retried twice, then the job is marked failed with the
reason; a worker that died leaves a claim that runs out and the recovery queues it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from register.db import table_of, utcnow
from register.extensions import db
from register.jobs.after_commit import enqueue_after_commit
from register.jobs.leases import left_behind, take_lease
from register.jobs.models import Job, JobState
from register.jobs.queue import job
from register.jobs.worker import on_worker_start

ATTEMPTS = 3
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobFile:
    data: bytes
    name: str
    mimetype: str


class JobRefused(Exception):
    """The job cannot succeed (the data says no): it fails at once with this Dutch reason."""

    def __init__(self, reason: object) -> None:
        super().__init__(str(reason))
        self.reason = str(reason)


Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], JobFile]
_HANDLERS: dict[str, Handler] = {}


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Register the handler of a job kind."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return register


def queue_job(kind: str, params: dict[str, object], *, user_id: int | None) -> Job:
    """Record a job and queue it after the commit (flushes)."""
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    record = Job(kind=kind, params=params, created_by_id=user_id)
    db.session.add(record)
    db.session.flush()
    enqueue_after_commit(db.session, run_job, record.id, retries=ATTEMPTS - 1, retry_delay=5)
    return record


@job(retry_backoff=2)
def run_job(job_id: int) -> None:
    """Run one recorded job (a Huey task; safe to run twice)."""
    if not _claim(job_id):
        return
    record = db.session.get(Job, job_id)
    if record is None:
        return
    record.started_at = record.started_at or utcnow()
    running: Job = record  # `record` is loaded again below; the closure keeps this one

    def progress(done: int, total: int, step: str) -> None:
        running.progress, running.total, running.step = done, max(total, 1), step[:200]
        db.session.commit()

    try:
        produced = _HANDLERS[record.kind](record, progress)
    except Exception as error:
        db.session.rollback()
        record = db.session.get(Job, job_id)
        assert record is not None
        record.attempts += 1
        refused = isinstance(error, JobRefused)
        if isinstance(error, JobRefused):
            reason = error.reason
        else:
            reason = f"{type(error).__name__}: {error}"
        record.last_error = reason[:1000]
        record.claimed_until = None
        if refused or record.attempts >= ATTEMPTS:
            record.state, record.finished_at = JobState.FAILED, utcnow()
            db.session.commit()
            log.exception("job %s failed for good", job_id)
            return
        record.state = JobState.QUEUED
        db.session.commit()
        raise
    record.attempts += 1
    record.result, record.result_name, record.result_mimetype = (
        produced.data,
        produced.name,
        produced.mimetype,
    )
    record.state, record.finished_at, record.claimed_until = JobState.DONE, utcnow(), None
    record.progress = record.total
    db.session.commit()


def _claim(job_id: int) -> bool:
    table = table_of(Job)
    # Only one worker runs the job at a time.
    return take_lease(
        table,
        job_id,
        table.c.state.in_([JobState.QUEUED.value, JobState.RUNNING.value]),
        state=JobState.RUNNING.value,
    )


@on_worker_start
def queue_unfinished_jobs(at_start: bool) -> None:
    """Queue again every job not finished whose claim (if any) has run out."""
    ids = db.session.scalars(
        sa.select(Job.id).where(
            Job.state.in_([JobState.QUEUED, JobState.RUNNING]),
            *left_behind(Job, at_start=at_start),
        )
    ).all()
    for job_id in ids:
        run_job.schedule(args=(job_id,), delay=0, retries=ATTEMPTS - 1, retry_delay=5)
