"""Every transition of an agreement after drafting, as services: the life cycle in one place.

    draft ─send─> in review ─approve─> awaiting signature ─sign (both) or scan─> signed
    draft <─reject─ in review                  signed ─terminate─> terminated
    draft ─cancel─> cancelled                  signed ─(its successor is signed)─> superseded
    in review / awaiting signature ─withdraw─> withdrawn      (and `remind_school`: no move)
    in review / awaiting signature ─(its successor is sent)─> superseded

Approve, reject, cancel, terminate and withdraw are one service, `move_agreement`.

Each service checks the form's version, runs the model's verb (`Agreement.send`, ...;
allowed moves in `states.py`), names the audit action and flushes; the caller commits. The
transitions that produce documents render every PDF before anything changes (see
`register.agreements.documents`), so a failed or timed-out render leaves the agreement as
it was and stores nothing. A hook that must follow a transition (a notification) belongs
here, after the model's verb.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.agreements.documents.reading import stored_documents
from register.agreements.documents.render import render_sent_documents, template_for
from register.agreements.documents.snapshot import build_snapshot, fragment_hash, sha256_of
from register.agreements.documents.storage import (
    AgreementFragment,
    AgreementSnapshot,
    DocumentKind,
    check_scan,
    sha256_hex,
    store_document,
)
from register.agreements.errors import AgreementError, MissingRegisterData
from register.agreements.models import Agreement, AgreementSignature, Signing
from register.agreements.services import (
    AgreementCommand,
    check_version,
    create_agreement,
    template_choices,
)
from register.agreements.signed_pdf import queue_signed_pdf
from register.agreements.states import LIVE, PARTY_NAMES, AgreementState, Party
from register.audit.recorder import record_event, set_audit_action
from register.calendar import today
from register.documents.findings import Finding, refuse_sending

# The states in which the predecessor is replaced as soon as its successor is sent.
PENDING = frozenset({AgreementState.IN_REVIEW, AgreementState.AWAITING_SIGNATURE})


def send_agreement(
    session: Session,
    agreement: Agreement,
    *,
    user: Any,
    ip: str,
    timeout: float,
    expected_version: int | None = None,
    findings: list[Finding] | None = None,
) -> None:
    """Freeze the register data, render the PDF and leaflets once, send it for review.

    `findings`: the documents check taken for this send's round step (`sending`); None:
    check the register now.
    """
    check_version(agreement, expected_version)
    agreement._require("send")
    info = template_for(
        agreement.template_id, agreement.template_version, agreement.template_sha256
    )
    snapshot = build_snapshot(session, agreement, info.covenant_version)
    empty = [p["name"] for p in snapshot["products"] if not p["activities"]]
    if empty:
        raise MissingRegisterData(
            _l(
                "Voor %(products)s is geen actieve verwerking als verwerker vastgelegd; de "
                "Privacybijsluiter zou leeg zijn. Leg die verwerking eerst vast.",
                products=", ".join(empty),
            )
        )
    unnamed = [
        str(PARTY_NAMES[party])
        for party in Party
        if not all(agreement.representative(party).values())
    ]
    if unnamed:
        raise MissingRegisterData(
            _l(
                "Naam en functie van de vertegenwoordiger ontbreken voor: %(parties)s. Vul ze "
                "in bij het concept; de partijomschrijving, de ondertekening en de "
                "ondertekenformulieren nemen ze daaruit over.",
                parties=", ".join(unnamed),
            )
        )
    refuse_sending(session, [p["code"] for p in snapshot["products"]], findings)
    # Every render happens before anything changes: a failure stores nothing.
    pdf, leaflets = render_sent_documents(info, snapshot, timeout)

    # Replace the drift baseline first, so the transition below is one flush (one audit entry).
    session.execute(
        sa.delete(AgreementFragment).where(AgreementFragment.agreement_id == agreement.id)
    )
    set_audit_action(session, agreement, "send", f"{agreement.number}: verzonden ter beoordeling")
    agreement.send(user, ip)
    session.add(
        AgreementSnapshot(
            agreement_id=agreement.id,
            sequence=agreement.sent_count,
            sha256=sha256_of(snapshot),
            data=snapshot,
        )
    )
    document = store_document(
        session,
        agreement,
        DocumentKind.ORIGINAL,
        pdf,
        sequence=agreement.sent_count,
        user_id=getattr(user, "id", None),
    )
    agreement.document_sha256 = document.sha256
    for product, leaflet in zip(snapshot["products"], leaflets, strict=True):
        store_document(
            session,
            agreement,
            DocumentKind.LEAFLET,
            leaflet,
            sequence=agreement.sent_count,
            product_code=product["code"],
            user_id=getattr(user, "id", None),
        )
    for fragment in snapshot["products"]:
        session.add(
            AgreementFragment(
                agreement_id=agreement.id,
                product_code=fragment["code"],
                sha256=fragment_hash(fragment),
            )
        )
    session.flush()
    # A predecessor still with the school gives way now (its own audit entry and message).
    _replace_predecessor(session, agreement, user, ip, PENDING)
    session.flush()


def sign_agreement(
    session: Session,
    agreement: Agreement,
    party: Party,
    signing: Signing,
    *,
    user: Any,
    ip: str,
    expected_version: int | None = None,
) -> AgreementSignature:
    """One party signs online; the second signature queues the signed PDF (`signed_pdf`).

    The signing itself is recorded here, in the request; rendering and sealing the signed
    PDF takes seconds and is the worker's (the "signed" e-mail follows the stored PDF).
    """
    check_version(agreement, expected_version)
    signature = agreement.sign(party, user, ip, signing)
    who = "de school" if party is Party.CONTROLLER else "de verwerker"
    set_audit_action(session, agreement, "sign", f"{agreement.number}: ondertekend door {who}")
    if agreement.state is AgreementState.SIGNED:
        with session.no_autoflush:  # one flush below: one audit entry for the signing
            stored, _ = stored_documents(session, agreement)
        if DocumentKind.ORIGINAL not in stored:
            raise AgreementError(_l("Het oorspronkelijke document ontbreekt."))
        _replace_predecessor(session, agreement, user, ip)
        session.flush()
        queue_signed_pdf(session, agreement, user_id=getattr(user, "id", None))
    session.flush()
    return signature


def upload_scan(
    session: Session,
    agreement: Agreement,
    data: bytes,
    *,
    user: Any,
    ip: str,
    expected_version: int | None = None,
) -> None:
    """A wet-signed scan (a checked PDF) completes signing."""
    check_version(agreement, expected_version)
    agreement._require("upload_scan")
    check_scan(data)
    set_audit_action(
        session,
        agreement,
        "upload_scan",
        f"{agreement.number}: natte handtekening geüpload (sha256 {sha256_hex(data)[:16]}…)",
    )
    agreement.complete_by_scan(user, ip)
    document = store_document(
        session, agreement, DocumentKind.SCAN, data, user_id=getattr(user, "id", None)
    )
    agreement.signed_document_sha256 = document.sha256
    _replace_predecessor(session, agreement, user, ip)
    session.flush()


def _transition(
    session: Session, agreement: Agreement, action: str, summary: str, expected: int | None
) -> None:
    check_version(agreement, expected)
    set_audit_action(session, agreement, action, f"{agreement.number}: {summary}"[:300])


def delete_draft(session: Session, agreement: Agreement, expected_version: int | None) -> None:
    """Delete a draft that was never sent (a mistake or a duplicate); audited.

    Anything the school has seen stays: cancel or withdraw it instead.
    """
    if agreement.state is not AgreementState.DRAFT or agreement.sent_count or agreement.sent_at:
        raise AgreementError(
            _l(
                "Alleen een concept dat nooit naar de school is verzonden kan worden "
                "verwijderd. Annuleer of trek deze overeenkomst in; zij blijft dan in de "
                "geschiedenis."
            )
        )
    _transition(session, agreement, "delete", "concept verwijderd", expected_version)
    for event in agreement.events:
        session.delete(event)
    session.delete(agreement)
    session.flush()


# The moves that need no more than who acts and, for some, why: the model's verb (which
# checks the reason) and the audit summary, where "{reason}" stands for the reason.
_MOVES: dict[str, tuple[Callable[[Agreement, Any, str, str], None], str]] = {
    "approve": (lambda agreement, user, ip, _reason: agreement.approve(user, ip), "goedgekeurd"),
    "reject": (Agreement.reject, "afgewezen: {reason}"),
    "cancel": (lambda agreement, user, ip, _reason: agreement.cancel(user, ip), "geannuleerd"),
    "terminate": (Agreement.terminate, "beëindigd: {reason}"),
    "withdraw": (Agreement.withdraw, "ingetrokken: {reason}"),
}


def move_agreement(
    session: Session,
    agreement: Agreement,
    action: str,
    *,
    user: Any,
    ip: str,
    reason: str = "",
    expected_version: int | None = None,
) -> None:
    """One of the moves in `_MOVES`: the school approves the text for signing or rejects it
    with a reason (back to draft); staff cancel a draft, terminate a signed agreement or
    withdraw one that waits for the school's review or signature, with a reason."""
    verb, summary = _MOVES[action]
    _transition(session, agreement, action, summary.format(reason=reason), expected_version)
    verb(agreement, user, ip, reason)
    session.flush()


def supersede(
    session: Session, old: Agreement, *, user_id: int | None, expected_version: int | None = None
) -> Agreement:
    """A new draft, freshly rendered when sent, that will replace `old`.

    A signed `old` is superseded once the new one is signed; one still in review or awaiting
    signature as soon as the new one is sent (the school is told, `register.notifications`).
    """
    check_version(old, expected_version)
    old._require("supersede")
    pending = session.scalars(
        sa.select(Agreement.number).where(
            Agreement.supersedes_id == old.id, Agreement.state.in_(LIVE)
        )
    ).first()
    if pending:
        # A newer agreement still in draft, review or signing.
        raise AgreementError(
            _l("Overeenkomst %(number)s vervangt deze overeenkomst al.", number=pending)
        )
    choices = template_choices(predecessor=old)
    command = AgreementCommand(
        school_id=old.school_id,
        product_ids=tuple(p.id for p in old.products),
        template=choices[0][0] if choices else f"{old.template_id}/{old.template_version}",
        title=old.title,
        term_start=max(today(), old.term_start),
        term_end=old.term_end if old.term_end and old.term_end >= today() else None,
        notice_period_months=old.notice_period_months,
        particulars=dict(old.particulars),
        deviations=tuple(old.deviations),
    )
    return create_agreement(session, command, user_id=user_id, supersedes=old)


def _replace_predecessor(
    session: Session,
    agreement: Agreement,
    user: Any,
    ip: str,
    states: frozenset[AgreementState] = frozenset({AgreementState.SIGNED}),
) -> None:
    old = agreement.supersedes
    if old is not None and old.state in states:
        set_audit_action(
            session, old, "supersede", f"{old.number}: vervangen door {agreement.number}"
        )
        old.supersede(user, ip, agreement)


def remind_school(
    session: Session, agreement: Agreement, *, user: Any, ip: str, now: dt.datetime | None = None
) -> None:
    """Remind the school's reviewers or signatories now (at most once an hour)."""
    agreement.remind(user, ip, now)
    # The agreement's row does not change: the reminder is an event of the trail.
    summary = f"{agreement.number}: herinnering gestuurd"
    record_event(
        session, "remind", entity_type="agreement", entity_id=agreement.id, summary=summary
    )
    session.flush()
