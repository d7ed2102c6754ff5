"""Which step of an agreement tells whom what (templates/mail/agreement_*).

| step                         | message                        | to                             |
|------------------------------|--------------------------------|--------------------------------|
| sent for review              | agreement_awaiting_review      | the school's contract managers |
| approved by the school       | agreement_awaiting_signature   | the school's signatories       |
| signed: signed PDF stored    | agreement_signed               | the school and staff           |
|   (or the signed scan)       |                                |                                |
| rejected by the school       | agreement_rejected (+ reason)  | staff                          |
| terminated                   | agreement_terminated (+ reason)| the school                     |
| superseded                   | agreement_superseded           | the school                     |
| withdrawn by staff           | agreement_withdrawn (+ reason) | the school                     |
| reminded (by staff, schedule)| agreement_reminder             | who must act (as for the step) |
| waiting past the last term   | agreement_escalation           | staff                          |
| register data changed (drift)| agreement_changed (+ changes)  | the school                     |

A school without a user in the needed role is written to at its contact address: for a
review or a signature it gets an invitation to name who may act (`agreement_invitation`),
for the other steps the message itself.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from register.agreements.models import Agreement, AgreementEvent
from register.agreements.states import AgreementState
from register.extensions import db
from register.mail.links import external_url
from register.mail.services import send_mail
from register.notifications.recipients import contact_address, school_users, staff_for


def notify_event(event: AgreementEvent) -> None:
    """Send the messages a state change calls for (none for most intermediate steps)."""
    agreement = event.agreement
    key = f"agreement-event:{event.id}"
    if event.action == "send":
        _to_school(agreement, "agreement_awaiting_review", key, invite="review")
    elif event.action == "approve":
        _to_school(
            agreement, "agreement_awaiting_signature", key, signatories=True, invite="signature"
        )
    elif event.action == "upload_scan":
        _signed(agreement, key)
    elif event.action == "reject":
        _to_staff(agreement, "agreement_rejected", key, reason=event.reason)
    elif event.action == "terminate":
        _to_school(agreement, "agreement_terminated", key, reason=event.reason)
    elif event.action == "supersede":
        _to_school(agreement, "agreement_superseded", key, successor=event.reason)
    elif event.action == "withdraw":
        _to_school(agreement, "agreement_withdrawn", key, reason=event.reason)
    elif event.action == "remind":
        remind(agreement, key)


def notify_signed(agreement_id: int) -> None:
    """Signed online: tell the school and staff once the worker stored the signed PDF the
    message links to (keyed by the signing step, as a scan's message is)."""
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None:
        return
    signed = [
        event
        for event in agreement.events
        if event.action == "sign" and event.to_state is AgreementState.SIGNED
    ]
    if signed:
        _signed(agreement, f"agreement-event:{signed[-1].id}")


def _signed(agreement: Agreement, key: str) -> None:
    _to_school(agreement, "agreement_signed", key)
    _to_staff(agreement, "agreement_signed", key)


def remind(agreement: Agreement, key: str) -> None:
    """Remind whoever must act next: reviewers in review, signatories awaiting signature."""
    needed = "signature" if agreement.state is AgreementState.AWAITING_SIGNATURE else "review"
    _to_school(
        agreement,
        "agreement_reminder",
        key,
        signatories=needed == "signature",
        invite=needed,
        needed=needed,
    )


def escalate(agreement: Agreement, key: str, *, days: int) -> None:
    """Tell staff that the school has left the agreement waiting past the last reminder."""
    needed = "signature" if agreement.state is AgreementState.AWAITING_SIGNATURE else "review"
    _to_staff(agreement, "agreement_escalation", key, days=days, needed=needed)


def notify_drift(agreement: Agreement, changes: list[dict[str, Any]]) -> None:
    """Tell the school which register data behind its agreement changed."""
    digest = hashlib.sha256(json.dumps(changes, sort_keys=True).encode()).hexdigest()[:16]
    _to_school(agreement, "agreement_changed", f"drift:{agreement.id}:{digest}", changes=changes)


def agreement_context(agreement: Agreement, link: str) -> dict[str, Any]:
    """The plain values every agreement message shows."""
    return {
        "number": agreement.number,
        "title": agreement.title,
        "school": agreement.school.name,
        "processor": agreement.processor.name,
        "processor_contact": contact_address(agreement.processor),
        "products": ", ".join(product.name for product in agreement.products),
        "link": link,
    }


def _to_school(
    agreement: Agreement,
    template: str,
    key: str,
    *,
    signatories: bool = False,
    invite: str = "",
    **extra: Any,
) -> None:
    users = school_users(agreement.school_id, signatories_only=signatories)
    link = external_url("portal.detail", agreement_id=agreement.id)
    context = {**agreement_context(agreement, link), **extra}
    if users:
        send_mail(template=template, to=users, context=context, about=agreement, key=key)
        return
    address = contact_address(agreement.school)
    if not address:
        return  # staff see "geen ondertekenaar" (register/notifications/queries.py)
    if invite:
        context = {**context, "needed": invite}
        template = "agreement_invitation"
    send_mail(template=template, to=[address], context=context, about=agreement, key=key)


def _to_staff(agreement: Agreement, template: str, key: str, **extra: Any) -> None:
    users = staff_for(agreement)
    if not users:
        return
    link = external_url("agreements.detail", agreement_id=agreement.id)
    context = {**agreement_context(agreement, link), "for_staff": True, **extra}
    send_mail(template=template, to=users, context=context, about=agreement, key=f"{key}:staff")
