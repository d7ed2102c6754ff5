"""The chain check from the browser: a job a worker runs, a page that follows it.

`flask audit verify` and this job run the same `verify_chain`. The button on the audit
trail queues a `Job` of kind `audit_verify` (register/jobs/runner.py); the worker checks the
chain in batches, committing its progress after each, and stores the outcome as the job's
result (JSON). The check is itself recorded in the trail (action `verify`), by the user who
asked for it, after the last entry it checked. Run twice, it checks twice and records two
`verify` entries: harmless, as a check changes nothing else.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, undefer

from register.audit.context import Actor, acting_as
from register.audit.models import AuditEntry
from register.audit.recorder import record_event
from register.audit.verify import ChainReport, verify_chain
from register.auth.models import User
from register.db import current_session
from register.extensions import db
from register.jobs.models import Job
from register.jobs.runner import JobFile, Progress, handles, queue_job

KIND = "audit_verify"
STEP = "verify"


def queue_chain_check(user: User) -> Job:
    """Queue a check of the whole chain for `user` (flushes; the caller commits)."""
    return queue_job(KIND, {}, user_id=user.id)


@handles(KIND)
def check_chain(job: Job, progress: Progress) -> JobFile:
    """Check every entry's link and hash, reporting progress per batch; audited."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0
    progress(0, total, STEP)
    with db.engine.connect() as connection:
        report = verify_chain(connection, lambda checked: progress(checked, total, STEP))
    user = db.session.get(User, job.created_by_id) if job.created_by_id else None
    actor = Actor(id=user.id, email=user.email) if user else Actor(id=None, email="systeem")
    with acting_as(actor):
        record_event(
            current_session(),
            "verify",
            entity_type="audit_entry",
            entity_id=report.broken_id or "",
            summary=summary(report),
            changes={"checked": report.checked, "ok": report.ok, "broken_id": report.broken_id},
        )
    return JobFile(
        data=json.dumps(asdict(report)).encode(),
        name="ketencontrole.json",
        mimetype="application/json",
    )


def summary(report: ChainReport) -> str:
    """The outcome in one sentence (Dutch, or the interface's language)."""
    if report.ok:
        return _("%(count)d items gecontroleerd, de keten is intact.", count=report.checked)
    if report.kind == "link":
        problem = _(
            "sluit niet aan op het vorige item: een item ontbreekt, is verplaatst of ingevoegd"
        )
    else:
        problem = _("de inhoud past niet bij de hash: het item is gewijzigd")
    return _(
        "Item %(id)s %(problem)s (%(count)d items ervoor zijn in orde).",
        id=report.broken_id,
        problem=problem,
        count=report.checked,
    )


def load_check(session: Session, job_id: int) -> Job | None:
    """The chain-check job with this id (with its result), or None."""
    return session.scalars(
        sa.select(Job).options(undefer(Job.result)).where(Job.id == job_id, Job.kind == KIND)
    ).first()


def recent_checks(session: Session, limit: int = 10) -> list[Job]:
    """The latest chain checks, newest first (anyone's: the outcome concerns everyone)."""
    return list(
        session.scalars(
            sa.select(Job)
            .options(undefer(Job.result))
            .where(Job.kind == KIND)
            .order_by(Job.id.desc())
            .limit(limit)
        )
    )


def report_of(job: Job) -> ChainReport | None:
    """The report stored by a finished check, or None while it runs or when it failed."""
    if not job.result:
        return None
    data: dict[str, Any] = json.loads(job.result)
    return ChainReport(**data)
