"""What every job on one agreement does around its work: the send and the signed PDF.

Lock the agreement (a second worker waits, then finds the work done), act as the user who
asked (audit entries name them; none: the system), and run the work in one transaction. A
failed render is retried with back-off while attempts remain, then refused with its reason,
as is any other refusal at once. The documents belong to the agreement (its page offers
them), so the job keeps no file.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.agreements.errors import DocumentRenderFailed
from register.agreements.models import Agreement
from register.agreements.queries import lock_agreement
from register.audit.context import Actor, acting_as
from register.auth.models import User
from register.errors import DomainError
from register.extensions import db
from register.jobs.models import Job
from register.jobs.runner import ATTEMPTS, JobFile, JobRefused, Progress

NO_FILE = JobFile(data=b"", name="", mimetype="")


def latest_job(session: Session, kind: str, agreement_id: int) -> Job | None:
    """The agreement's latest job of `kind`, if one was ever queued."""
    return session.scalars(
        sa.select(Job)
        .where(Job.kind == kind, Job.params["agreement_id"].as_integer() == agreement_id)
        .order_by(Job.id.desc())
        .limit(1)
    ).first()


def run_on_agreement(
    job: Job, progress: Progress, step: str, work: Callable[[Agreement, User | None], None]
) -> JobFile:
    """Run `work(agreement, user)` as the job's one step `step` (the runner commits)."""
    progress(0, 1, step)  # commits: everything below is one transaction
    agreement = lock_agreement(db.session, int(job.params["agreement_id"]))
    if agreement is None:
        raise JobRefused(_l("De overeenkomst bestaat niet meer."))
    user = db.session.get(User, job.created_by_id) if job.created_by_id else None
    actor = Actor(id=user.id, email=user.email) if user else Actor(id=None, email="systeem")
    try:
        with acting_as(actor):
            work(agreement, user)
    except DocumentRenderFailed as error:
        if job.attempts + 1 < ATTEMPTS:
            raise  # perhaps a busy machine: retried with back-off
        raise JobRefused(error.message) from error
    except DomainError as error:
        raise JobRefused(error.message) from error
    return NO_FILE
