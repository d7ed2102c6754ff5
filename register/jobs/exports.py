"""The register as a PDF, made by a worker: a page follows it and offers the file.

Some 700 pages take about a minute to lay out; no web request waits for that. The export
view queues the job (`queue_register_pdf`) and sends the user to its page.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l

from register.audit.context import Actor, acting_as
from register.auth.models import User
from register.exchange.exporting.services import ExportCommand, export_register
from register.exchange.filters import ActivityFilter
from register.extensions import db
from register.jobs.models import Job
from register.jobs.runner import JobFile, Progress, handles, queue_job

KIND = "register_pdf"
STEP_LABELS = {
    "render": _l("Het register wordt opgemaakt als PDF"),
}


def queue_register_pdf(
    activity_filter: ActivityFilter, as_of: dt.date | None, *, user: User
) -> Job:
    """Queue the PDF register for `user` (flushes; the caller commits)."""
    params: dict[str, object] = {
        "filter": activity_filter.as_params(),
        "as_of": as_of.isoformat() if as_of else None,
    }
    return queue_job(KIND, params, user_id=user.id)


@handles(KIND)
def make_register_pdf(job: Job, progress: Progress) -> JobFile:
    """Render the register (audited as an export by the user who asked for it)."""
    progress(0, 1, "render")
    user = db.session.get(User, job.created_by_id) if job.created_by_id else None
    actor = Actor(id=user.id, email=user.email) if user else Actor(id=None, email="systeem")
    as_of = job.params.get("as_of")
    with acting_as(actor):
        exported = export_register(
            db.session,
            ExportCommand(
                format="pdf",
                activity_filter=ActivityFilter.from_args(job.params.get("filter") or {}),
                as_of=dt.date.fromisoformat(as_of) if as_of else None,
            ),
        )
    return JobFile(data=exported.data, name=exported.filename, mimetype=exported.mimetype)
