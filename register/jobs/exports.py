"""PDFs made by a worker: a page follows each and offers the file.

The register (some 700 pages take about a minute to lay out), the breach register and a
subject request's answer letter: no web request waits for a PDF. The view queues the job
(`queue_register_pdf`, `queue_breach_register_pdf`, `queue_answer_letter_pdf`) and sends
the user to its page (`register.jobs.views`), which `PAGES` titles per kind. Each render is
audited as before, as the user who asked for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from register.audit.context import Actor, acting_as
from register.auth.models import User
from register.breaches.export import breach_register_pdf
from register.exchange.exporting.services import ExportCommand, export_register
from register.exchange.filters import ActivityFilter
from register.extensions import db
from register.jobs.models import Job
from register.jobs.runner import JobFile, JobRefused, Progress, handles, queue_job
from register.subject_requests.letter import JOB_KIND as LETTER_KIND
from register.subject_requests.letter import answer_letter_pdf
from register.subject_requests.models import SubjectRequest

KIND = "register_pdf"
BREACHES_KIND = "breach_register_pdf"
STEP_LABELS = {
    "render": _l("Het register wordt opgemaakt als PDF"),
    "render_breaches": _l("Het datalekkenregister wordt opgemaakt als PDF"),
    "render_letter": _l("De antwoordbrief wordt opgemaakt als PDF"),
}
PDF = "application/pdf"


@dataclass(frozen=True)
class JobPage:
    """How a job's page reads: its title, a hint while it runs, the way back.

    Every page is behind `can_export`, which admits the same roles as
    `can_read_privacy_registers` (the breach register and the letters); a test holds them
    equal.
    """

    title: object
    back_label: object
    back_endpoint: str
    back_param: str = ""  # a job parameter the way back needs (its name in the URL)
    hint: object = None

    def back_url(self, job: Job) -> str:
        values = {self.back_param: job.params[self.back_param]} if self.back_param else {}
        return url_for(self.back_endpoint, **values)


PAGES = {
    KIND: JobPage(
        _l("Export van het register"),
        _l("Terug naar exporteren en importeren"),
        "exchange.index",
        hint=_l(
            "Een groot register (1.000 verwerkingen, zo’n 700 pagina’s) is in ongeveer een "
            "minuut klaar. Deze pagina ververst zichzelf; u kunt haar ook sluiten en later "
            "terugkomen."
        ),
    ),
    BREACHES_KIND: JobPage(
        _l("Datalekkenregister als PDF"), _l("Terug naar de datalekken"), "breaches.index"
    ),
    LETTER_KIND: JobPage(
        _l("Antwoordbrief als PDF"),
        _l("Terug naar het verzoek"),
        "subject_requests.detail",
        back_param="request_id",
    ),
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


@contextmanager
def _as_requester(job: Job) -> Iterator[None]:
    """Audit what the job does as the user who asked for it."""
    user = db.session.get(User, job.created_by_id) if job.created_by_id else None
    actor = Actor(id=user.id, email=user.email) if user else Actor(id=None, email="systeem")
    with acting_as(actor):
        yield


@handles(KIND)
def make_register_pdf(job: Job, progress: Progress) -> JobFile:
    """Render the register (audited as an export by the user who asked for it)."""
    progress(0, 1, "render")
    as_of = job.params.get("as_of")
    with _as_requester(job):
        exported = export_register(
            db.session,
            ExportCommand(
                format="pdf",
                activity_filter=ActivityFilter.from_args(job.params.get("filter") or {}),
                as_of=dt.date.fromisoformat(as_of) if as_of else None,
            ),
        )
    return JobFile(data=exported.data, name=exported.filename, mimetype=exported.mimetype)


def queue_breach_register_pdf(*, user: User) -> Job:
    """Queue the breach register as PDF for `user` (flushes; the caller commits)."""
    return queue_job(BREACHES_KIND, {}, user_id=user.id)


@handles(BREACHES_KIND)
def make_breach_register_pdf(job: Job, progress: Progress) -> JobFile:
    """Render the breach register (audited as an export by the user who asked for it)."""
    progress(0, 1, "render_breaches")
    with _as_requester(job):
        data = breach_register_pdf(db.session)
    return JobFile(data=data, name="datalekkenregister.pdf", mimetype=PDF)


def queue_answer_letter_pdf(found: SubjectRequest, *, user: User) -> Job:
    """Queue the answer letter of a request for `user` (flushes; the caller commits)."""
    return queue_job(LETTER_KIND, {"request_id": found.id}, user_id=user.id)


@handles(LETTER_KIND)
def make_answer_letter_pdf(job: Job, progress: Progress) -> JobFile:
    """Render the answer letter (its download audited as the user who asked for it)."""
    progress(0, 1, "render_letter")
    found = db.session.get(
        SubjectRequest,
        int(job.params["request_id"]),
        options=[selectinload(SubjectRequest.activities)],
    )
    if found is None:
        raise JobRefused(_l("Het verzoek bestaat niet meer."))
    with _as_requester(job):
        data = answer_letter_pdf(db.session, found)
    return JobFile(data=data, name=f"antwoord-{found.reference}.pdf", mimetype=PDF)
