"""The one way to write a data-subject request: intake, verification, extension, forward, close.

Services flush, never commit, and refuse with a `RequestError` whose message is Dutch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.activities.models import Activity
from register.audit.concurrency import check_open
from register.audit.recorder import set_audit_action
from register.auth.models import User, UserRole
from register.db import every_row, utcnow
from register.jobs.models import Job
from register.mail.models import Message
from register.mail.services import send_mail
from register.organisations.models import Organisation, OrganisationKind
from register.subject_requests import deadlines
from register.subject_requests.errors import RequestClosed, RequestError
from register.subject_requests.letter import JOB_KIND as LETTER_JOB_KIND
from register.subject_requests.models import (
    Channel,
    IdentityStatus,
    Outcome,
    RequestKind,
    RequestStatus,
    SubjectRequest,
)


@dataclass(frozen=True)
class SubjectRequestCommand:
    """What staff (or the public form) record about a request."""

    kind: RequestKind
    channel: Channel
    received_on: dt.date
    requester_name: str
    requester_email: str = ""
    requester_address: str = ""
    description: str = ""
    handler_id: int | None = None
    school_id: int | None = None
    activity_ids: Sequence[int] = field(default_factory=tuple)


def _check(session: Session, command: SubjectRequestCommand, today: dt.date) -> None:
    if not command.requester_name.strip():
        raise RequestError(_l("Vul de naam van de verzoeker in."), field="requester_name")
    if command.received_on > today:
        raise RequestError(
            _l(
                "De ontvangstdatum ligt in de toekomst; vul de dag in waarop het verzoek "
                "binnenkwam."
            ),
            field="received_on",
        )
    if command.handler_id is not None:
        handler = session.get(User, command.handler_id)
        if handler is None or handler.role not in {UserRole.PRIVACY, UserRole.ADMIN}:
            raise RequestError(
                _l("Kies als behandelaar een medewerker privacy."), field="handler_id"
            )
    if command.school_id is not None:
        school = session.get(Organisation, command.school_id)
        if school is None or school.kind is not OrganisationKind.SCHOOL:
            raise RequestError(_l("Kies een school."), field="school_id")


def _activities(session: Session, ids: Sequence[int]) -> list[Activity]:
    found = every_row(session, Activity, ids)
    if found is None:
        raise RequestError(_l("Een gekozen verwerking bestaat niet (meer)."), field="activity_ids")
    return found


def record_request(
    session: Session, command: SubjectRequestCommand, *, today: dt.date
) -> SubjectRequest:
    """Record a request received by mail, phone, letter or the public form."""
    _check(session, command, today)
    request = SubjectRequest(
        kind=command.kind,
        channel=command.channel,
        received_on=command.received_on,
        due_on=deadlines.due_date(command.received_on),
        requester_name=command.requester_name.strip(),
        requester_email=command.requester_email.strip(),
        requester_address=command.requester_address.strip(),
        description=command.description.strip(),
        handler_id=command.handler_id,
        school_id=command.school_id,
        activities=_activities(session, command.activity_ids),
    )
    session.add(request)
    session.flush()
    return request


def update_request(
    session: Session,
    request: SubjectRequest,
    command: SubjectRequestCommand,
    *,
    seen_version: int | None,
    today: dt.date,
) -> SubjectRequest:
    """Change what was recorded; the deadline follows a changed date of receipt."""
    check_open(request, seen_version, RequestClosed)
    _check(session, command, today)
    request.kind = command.kind
    request.channel = command.channel
    request.received_on = command.received_on
    request.due_on = deadlines.due_date(command.received_on, request.extension_months)
    request.requester_name = command.requester_name.strip()
    request.requester_email = command.requester_email.strip()
    request.requester_address = command.requester_address.strip()
    request.description = command.description.strip()
    request.handler_id = command.handler_id
    request.school_id = command.school_id
    request.activities = _activities(session, command.activity_ids)
    session.flush()
    return request


def verify_identity(
    session: Session,
    request: SubjectRequest,
    *,
    verified: bool,
    method: str,
    seen_version: int | None,
) -> SubjectRequest:
    """Record how the requester's identity was checked, and whether it held."""
    check_open(request, seen_version, RequestClosed)
    if not method.strip():
        raise RequestError(
            _l(
                "Beschrijf hoe de identiteit is gecontroleerd (bijvoorbeeld: paspoort getoond, "
                "e-mailadres bekend uit de administratie)."
            ),
            field="method",
        )
    request.identity_status = IdentityStatus.VERIFIED if verified else IdentityStatus.FAILED
    request.identity_method = method.strip()
    request.identity_checked_at = utcnow()
    set_audit_action(session, request, "verify_identity", request.identity_status.value)
    session.flush()
    return request


def extend_deadline(
    session: Session,
    request: SubjectRequest,
    *,
    months: int,
    reason: str,
    noticed_on: dt.date,
    seen_version: int | None,
) -> SubjectRequest:
    """Extend the term by one or two months, with its reason and the day the requester was told.

    Art. 12(3): only once, by at most two further months, and the requester must be told
    within the first month, so the notice cannot come after the original deadline.
    """
    check_open(request, seen_version, RequestClosed)
    if request.extension_months:
        raise RequestError(_l("De termijn van dit verzoek is al verlengd."), field="months")
    if not 1 <= months <= deadlines.MAX_EXTENSION_MONTHS:
        raise RequestError(_l("Verleng met één of twee maanden."), field="months")
    if not reason.strip():
        raise RequestError(
            _l("Geef de reden van de verlenging; de verzoeker heeft daar recht op."),
            field="reason",
        )
    original = deadlines.answer_deadline(request.received_on)
    if noticed_on > original or noticed_on < request.received_on:
        raise RequestError(
            _l(
                "De verzoeker moet binnen de oorspronkelijke termijn (uiterlijk %(date)s) over "
                "de verlenging worden geïnformeerd.",
                date=format_date(original),
            ),
            field="noticed_on",
        )
    request.extension_months = months
    request.extension_reason = reason.strip()
    request.extension_noticed_on = noticed_on
    request.due_on = deadlines.extended_deadline(request.received_on, months)
    set_audit_action(session, request, "extend", f"+{months}")
    session.flush()
    return request


def forward_to_school(
    session: Session, request: SubjectRequest, *, seen_version: int | None
) -> SubjectRequest:
    """Send the request to the school whose data it concerns (art. 28(3)(e)) and record it."""
    check_open(request, seen_version, RequestClosed)
    school = request.school
    if school is None:
        raise RequestError(_l("Kies eerst de school om wier gegevens het gaat."), field="school_id")
    address = school.privacy_contact_email or school.email
    if not address:
        raise RequestError(
            _l(
                "%(school)s heeft geen e-mailadres voor privacyzaken; vul dat eerst in bij de "
                "organisatie.",
                school=school.name,
            )
        )
    request.forwarded_at = utcnow()
    request.forwarded_to = address
    set_audit_action(session, request, "forward", f"{school.name} <{address}>")
    session.flush()
    send_mail(
        template="subject_request_forward",
        to=[address],
        context=forward_context(request),
        about=request,
    )
    return request


def forward_context(request: SubjectRequest) -> dict[str, object]:
    """Plain values for the message to the school."""
    return {
        "reference": request.reference,
        "school": request.school.name if request.school else "",
        "kind": request.kind.value,
        "kind_label": str(request.kind.label),
        "received_on": request.received_on,
        "requester_name": request.requester_name,
        "requester_email": request.requester_email,
        "description": request.description,
        "identity_status": request.identity_status.value,
    }


def close_request(
    session: Session,
    request: SubjectRequest,
    *,
    outcome: Outcome,
    note: str,
    answer: str,
    seen_version: int | None,
) -> SubjectRequest:
    """Close with the outcome; a forwarded outcome needs the recorded forward."""
    check_open(request, seen_version, RequestClosed)
    if outcome is Outcome.FORWARDED and request.forwarded_at is None:
        raise RequestError(
            _l("Dit verzoek is niet doorgestuurd; stuur het eerst door naar de school."),
            field="outcome",
        )
    if outcome in {Outcome.GRANTED, Outcome.PARTLY_GRANTED} and (
        request.identity_status is not IdentityStatus.VERIFIED
    ):
        raise RequestError(
            _l(
                "Een verzoek wordt pas ingewilligd nadat de identiteit van de verzoeker is "
                "vastgesteld."
            ),
            field="outcome",
        )
    if outcome in {Outcome.REFUSED, Outcome.PARTLY_GRANTED} and not note.strip():
        raise RequestError(
            _l(
                "Geef de reden van de (gedeeltelijke) weigering; de verzoeker heeft daar recht "
                "op (art. 12(4) AVG)."
            ),
            field="note",
        )
    request.answer = answer.strip()
    request.close(outcome, note.strip())
    set_audit_action(session, request, "close", outcome.value)
    session.flush()
    return request


def open_requests() -> sa.Select[SubjectRequest]:
    """Open requests, soonest deadline first."""
    return (
        sa.select(SubjectRequest)
        .where(SubjectRequest.status == RequestStatus.OPEN)
        .order_by(SubjectRequest.due_on, SubjectRequest.id)
    )


def closed_requests() -> sa.Select[SubjectRequest]:
    """Closed requests, most recently closed first."""
    return (
        sa.select(SubjectRequest)
        .where(SubjectRequest.status == RequestStatus.CLOSED)
        .order_by(SubjectRequest.closed_at.desc(), SubjectRequest.id.desc())
    )


def delete_expired_requests(session: Session, *, closed_before: dt.datetime) -> int:
    """Delete request files closed before `closed_before` (kept no longer than needed).

    With the file go the e-mails about it (confirmation, forward: their addresses and
    bodies) and the answer letters the workers made of it (job rows with the PDF). The trail
    keeps the changes with personal values only as keyed hashes (`__audit_redact__`).
    """
    expired = list(
        session.scalars(
            sa.select(SubjectRequest).where(
                SubjectRequest.status == RequestStatus.CLOSED,
                SubjectRequest.closed_at < closed_before,
            )
        )
    )
    if not expired:
        return 0
    messages = session.scalars(
        sa.select(Message).where(
            Message.about_kind == SubjectRequest.__tablename__,
            Message.about_id.in_([request.id for request in expired]),
        )
    )
    ids = {request.id for request in expired}
    letters = [
        job
        for job in session.scalars(sa.select(Job).where(Job.kind == LETTER_JOB_KIND))
        if job.params.get("request_id") in ids
    ]
    for message in [*messages, *letters, *expired]:
        session.delete(message)
    session.flush()
    return len(expired)


def submit_public_request(
    session: Session, command: SubjectRequestCommand, *, today: dt.date
) -> SubjectRequest:
    """Record a request from the public form and confirm its receipt to the requester."""
    request = record_request(session, command, today=today)
    send_mail(
        template="subject_request_confirmation",
        to=[request.requester_email],
        context={
            "reference": request.reference,
            "name": request.requester_name,
            "kind": request.kind.value,
            "received_on": request.received_on,
            "due_on": request.due_on,
        },
        about=request,
    )
    return request
