"""A job's page: its progress while it runs, its file when it is ready."""

from __future__ import annotations

from flask import abort, make_response, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from register.audit.recorder import record_event
from register.auth.access import require
from register.auth.permissions import can_export
from register.downloads import attachment
from register.extensions import db
from register.jobs import bp
from register.jobs.exports import PAGES, STEP_LABELS
from register.jobs.models import Job, JobState


def load_job(job_id: int) -> Job:
    """The job, if the current user asked for it; anyone else's is a 404."""
    job = db.session.get(Job, job_id)
    if job is None or job.created_by_id != current_user.id:
        abort(404)
    return job


@bp.get("/<int:job_id>")
@require(can_export)
def show(job_id: int) -> Response:
    """How far the job is; the file's link when it is ready (the page refreshes itself)."""
    job = load_job(job_id)
    page = PAGES.get(job.kind)
    if page is None:
        abort(404)  # a job without a page of its own (sending an agreement)
    response = make_response(
        render_template(
            "jobs/show.html",
            job=job,
            page=page,
            back_url=page.back_url(job),
            step_labels=STEP_LABELS,
        )
    )
    if not job.finished:
        response.headers["Refresh"] = "3"  # no script needed to follow the progress
    return response


@bp.get("/<int:job_id>/bestand")
@require(can_export)
def download(job_id: int) -> Response:
    """The file the job produced (the download is audited)."""
    job = load_job(job_id)
    if job.state is not JobState.DONE or job.result is None:
        abort(404)
    record_event(
        db.session, "download", entity_type="job", entity_id=job.id, summary=job.result_name
    )
    db.session.commit()
    return attachment(job.result, job.result_mimetype, job.result_name)
