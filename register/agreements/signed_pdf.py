"""The signed PDF as a job: the second signature queues it, a worker renders, seals and stores.

Signing online (`lifecycle.sign_agreement`) records the signature in the request; with both
signatures it calls `queue_signed_pdf`, which records a `register.jobs` job. The worker runs
`make_signed_pdf`: `store_signed_pdf` renders the original pages plus the signature page,
seals them (PAdES, `documents.seal`) and stores the result, in the job's one transaction. A
worker killed halfway stores nothing; its lease runs out and the recovery runs the job again.
The "signed" e-mail follows from the stored document (`register.notifications`), after that
transaction commits, so it never links to a PDF that is not there.

Idempotent by construction: the job locks the agreement row and stores only while no signed
document exists; the document is unique per agreement and kind, so even two racing runs store
one. Until it is stored the pages say the PDF is being prepared (`waiting_for_signed_pdf`)
and its download answers so; a failed job shows staff its reason, and `retry_signed_pdf`
queues it again.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.agreements.agreement_jobs import latest_job, run_on_agreement
from register.agreements.documents.reading import document_with_content
from register.agreements.documents.render import render_signed_pdf
from register.agreements.documents.storage import AgreementDocument, DocumentKind, store_document
from register.agreements.errors import AgreementError
from register.agreements.models import Agreement
from register.audit.recorder import record_event, set_audit_action
from register.auth.models import User
from register.extensions import db
from register.jobs.models import Job
from register.jobs.runner import JobFile, Progress, handles, queue_job

KIND = "agreement_signed_pdf"


def signed_pdf_job_of(session: Session, agreement_id: int) -> Job | None:
    """The agreement's latest signed-PDF job, if one was ever queued."""
    return latest_job(session, KIND, agreement_id)


def signed_online(agreement: Agreement) -> bool:
    """Both parties signed online (not on paper): the agreement has, or gets, a signed PDF."""
    return agreement.signed_at is not None and not agreement.signed_by_scan


def has_signed_pdf(session: Session, agreement: Agreement) -> bool:
    return (
        session.scalar(
            sa.select(AgreementDocument.id).where(
                AgreementDocument.agreement_id == agreement.id,
                AgreementDocument.kind == DocumentKind.SIGNED,
            )
        )
        is not None
    )


def waiting_for_signed_pdf(session: Session, agreement: Agreement) -> bool:
    """Signed online, but the worker has not stored the signed PDF yet."""
    return signed_online(agreement) and not has_signed_pdf(session, agreement)


def signed_pdf_job_to_follow(session: Session, agreement: Agreement) -> Job | None:
    """The latest signed-PDF job of an agreement signed online, else None (without a query).

    A page reads it before its documents and refreshes while it is unfinished: the job stores
    the PDF before it finishes, so a job read as done has its PDF there for the page."""
    return signed_pdf_job_of(session, agreement.id) if signed_online(agreement) else None


def queue_signed_pdf(session: Session, agreement: Agreement, *, user_id: int | None) -> Job:
    """Queue the signed PDF of an agreement both parties signed (flushes; the caller commits);
    while a job for it is queued or running, that job is returned and nothing is added."""
    pending = signed_pdf_job_of(session, agreement.id)
    if pending is not None and not pending.finished:
        return pending
    return queue_job(KIND, {"agreement_id": agreement.id}, user_id=user_id)


def retry_signed_pdf(session: Session, agreement: Agreement, *, user_id: int | None) -> Job:
    """Staff ask again for a signed PDF whose job failed (flushes; the caller commits)."""
    if not waiting_for_signed_pdf(session, agreement):
        raise AgreementError(
            _l("Deze overeenkomst heeft al een ondertekende pdf, of wacht nog op ondertekening.")
        )
    job = queue_signed_pdf(session, agreement, user_id=user_id)
    record_event(
        session,
        "retry_signed_pdf",
        entity_type="agreement",
        entity_id=agreement.id,
        summary=f"{agreement.number}: ondertekende pdf opnieuw opmaken",
    )
    session.flush()
    return job


def store_signed_pdf(
    session: Session, agreement: Agreement, *, user_id: int | None, timeout: float
) -> AgreementDocument | None:
    """Render, seal and store the signed PDF (flushes); None when it is stored already.

    Runs in the worker (`make_signed_pdf`); the demo calls it directly, as it sends directly.
    """
    if not signed_online(agreement):
        raise AgreementError(
            _l("Deze overeenkomst is niet door beide partijen online ondertekend.")
        )
    if has_signed_pdf(session, agreement):
        return None
    original = document_with_content(session, agreement, DocumentKind.ORIGINAL)
    if original is None:
        raise AgreementError(_l("Het oorspronkelijke document ontbreekt."))
    records = [signature.as_context() for signature in agreement.signatures]
    signed = render_signed_pdf(agreement, original.content, records, timeout)
    document = store_document(session, agreement, DocumentKind.SIGNED, signed, user_id=user_id)
    set_audit_action(
        session,
        agreement,
        "store_signed_pdf",
        f"{agreement.number}: ondertekende pdf opgeslagen (sha256 {document.sha256[:16]}…)",
    )
    agreement.signed_document_sha256 = document.sha256
    session.flush()
    return document


@handles(KIND)
def make_signed_pdf(job: Job, progress: Progress) -> JobFile:
    """Render, seal and store the signed PDF once (the runner commits)."""

    def store(agreement: Agreement, user: User | None) -> None:
        store_signed_pdf(
            db.session,
            agreement,
            user_id=job.created_by_id,
            timeout=float(current_app.config["PDF_RENDER_TIMEOUT"]),
        )

    return run_on_agreement(job, progress, "render_signed", store)
