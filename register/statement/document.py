"""The statement as a PDF: rendered by the job worker once per publication, then stored.

Web processes never render a PDF (the PDF worker processes belong to the job worker,
`PDF_WORKERS` per host): publishing queues `render_statement_pdf` after its commit, and the
worker renders the publication's stored HTML in its pool and stores the bytes
(`StatementPdf`). Until then the PDF link answers that the document is being prepared (503
with Retry-After). The job is idempotent: a publication with a stored PDF is skipped, and of
two racing runs the primary key keeps one. A publication without a PDF (a lost job, a
database from before) is queued again by the worker's recovery hook.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from register.db import utcnow
from register.extensions import db
from register.jobs.after_commit import enqueue_after_commit
from register.jobs.queue import job
from register.jobs.worker import on_worker_start
from register.pdf import render_in_worker
from register.statement.models import StatementPdf, StatementPublication


def statement_title(publication: StatementPublication) -> str:
    """ "Privacyverklaring <organisation>", as the page and the PDF name it."""
    organisation = publication.content.get("organisation")
    return _("Privacyverklaring %(name)s", name=organisation["name"] if organisation else "")


def statement_html(publication: StatementPublication) -> str:
    """The print document of a publication: its stored HTML with a title and a header."""
    with force_locale("nl"):  # the published text is the Dutch one
        return render_template(
            "statement/document.html",
            publication=publication,
            title=statement_title(publication),
            body=Markup(publication.body_html),  # noqa: S704 (our own stored, autoescaped render)
        )


def stored_pdf(session: Session, publication: StatementPublication) -> bytes | None:
    """The publication's PDF, or None while the worker has not rendered it yet."""
    return session.scalar(
        sa.select(StatementPdf.content).where(StatementPdf.publication_id == publication.id)
    )


def queue_statement_pdf(session: Session, publication: StatementPublication) -> None:
    """Have the worker render the publication's PDF once this transaction commits."""
    enqueue_after_commit(session, render_statement_pdf, publication.id)


@job(retries=3, retry_delay=10, retry_backoff=2)
def render_statement_pdf(publication_id: int) -> None:
    """Render and store one publication's PDF (a job; safe to run twice)."""
    publication = db.session.get(StatementPublication, publication_id)
    if publication is None or db.session.get(StatementPdf, publication_id) is not None:
        return
    timeout = float(current_app.config["PDF_RENDER_TIMEOUT"])
    data = render_in_worker(statement_html(publication), timeout=timeout)
    db.session.add(StatementPdf(publication_id=publication_id, size=len(data), content=data))
    try:
        db.session.commit()
    except IntegrityError:  # another run stored it first
        db.session.rollback()


@on_worker_start
def queue_missing_statement_pdfs(at_start: bool) -> None:
    """Queue every publication without a PDF (after a lease, unless the worker starts)."""
    lease = dt.timedelta(seconds=0 if at_start else float(current_app.config["JOB_LEASE_SECONDS"]))
    missing = db.session.scalars(
        sa.select(StatementPublication.id).where(
            StatementPublication.published_at <= utcnow() - lease,
            ~sa.exists().where(StatementPdf.publication_id == StatementPublication.id),
        )
    ).all()
    for publication_id in missing:
        render_statement_pdf(publication_id)
