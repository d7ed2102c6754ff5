"""The answer to a requester as a Dutch letter in PDF, generated from the register's data."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from sqlalchemy.orm import Session

from register.activities.facts import own_organisation
from register.activities.record import activity_record
from register.audit.recorder import record_event
from register.calendar import today
from register.pdf import render_in_worker
from register.subject_requests.models import ARTICLES, SubjectRequest

# The job kind that renders the letter (`register.jobs.exports`); its stored file holds the
# requester's data and goes with the request file (`services.delete_expired_requests`).
JOB_KIND = "answer_letter_pdf"


def letter_context(session: Session, request: SubjectRequest) -> dict[str, Any]:
    """Plain values for the letter: sender, requester, the request and the activities."""
    own = own_organisation(session)
    return {
        "sender": {
            "name": own.name if own else "",
            "address": own.address if own else "",
            "postcode": own.postcode if own else "",
            "city": own.city if own else "",
            "email": (own.privacy_contact_email or own.email) if own else "",
        },
        "reference": request.reference,
        "date": today(),
        "requester_name": request.requester_name,
        "requester_address": request.requester_address,
        "received_on": request.received_on,
        "kind": str(request.kind.label),
        "article": ARTICLES[request.kind],
        "is_access": request.kind.value in {"access", "portability"},
        "outcome": str(request.outcome.label) if request.outcome else "",
        "answer": request.answer,
        "note": request.outcome_note,
        "activities": [activity_record(a) for a in request.activities],
    }


def answer_letter_pdf(session: Session, request: SubjectRequest) -> bytes:
    """Render the answer letter (and record the download in the audit trail)."""
    html = render_template("subject_requests/letter.html", letter=letter_context(session, request))
    data = render_in_worker(html, timeout=float(current_app.config["PDF_RENDER_TIMEOUT"]))
    record_event(
        session,
        "download",
        entity_type="subject_request",
        entity_id=request.id,
        summary=f"antwoordbrief {request.reference}",
    )
    return data
