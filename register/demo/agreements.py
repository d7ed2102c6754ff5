"""Demo agreements, so the school portal and the agreement screens have something to show.

One signed agreement (Voorbeeldstad, signed online by both parties), one awaiting the
school's review (Dorpsveld, whose demo contract manager may approve but not sign) and one
draft. Voorbeeldstad's signed agreement replaces an earlier one: for DOENIN alone, signed on
paper (a scan) about eleven months ago, superseded when the agreement for both its products
was signed. That earlier agreement's history (drafted, sent, approved, signed) is dated in
the past, like the activities' (`register.demo.past`); its documents and the audit trail keep
the real moment of loading. Rendering the PDFs takes a few seconds on the first `make run`.
"""

from __future__ import annotations

import datetime as dt
import io

import sqlalchemy as sa
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from sqlalchemy.orm import Session

from register.agreements.documents.reading import document_with_content
from register.agreements.documents.storage import AgreementDocument, AgreementSnapshot, DocumentKind
from register.agreements.lifecycle import (
    move_agreement,
    send_agreement,
    sign_agreement,
    upload_scan,
)
from register.agreements.models import Agreement, AgreementEvent, Signing
from register.agreements.services import AgreementCommand, create_agreement
from register.agreements.signed_pdf import store_signed_pdf
from register.agreements.states import Party
from register.auth.models import User
from register.calendar import LOCAL_ZONE, today
from register.organisations.models import Organisation
from register.products.models import Licence, Product

DEMO_IP = "192.0.2.10"  # TEST-NET-1: the demo's made-up address
PROCESSOR_SIGNATORY = {"name": "Demo Privacy Officer", "function": "Privacyfunctionaris"}
# Made up for the demo, and says so: the reference statement names no breach address.
BREACH_CONTACT = {
    "name": "Meldpunt datalekken KPC Groep (demowaarde)",
    "email": "datalek@kpcgroep.example",
    "phone": "+31 85-2101580",
}
# The boards' representatives of the two schools whose demo users cannot sign.
BOARD_FUNCTION = "Voorzitter college van bestuur"


# The replaced agreement's steps, in days before loading: drafted (its creation time), then
# sent, approved and signed (its state history's events).
REPLACED_PAST = {"create": 335, "send": 333, "approve": 326, "upload_scan": 322}
REPLACED_PRODUCT = "DOENIN"


def _command(
    session: Session,
    school: Organisation,
    signatory: str,
    function: str,
    *,
    only: str | None = None,
    term_start: dt.date = dt.date(2026, 8, 1),
) -> AgreementCommand:
    licensed = sa.select(Licence.product_id).where(Licence.organisation_id == school.id)
    if only is not None:
        licensed = licensed.join(Product, Product.id == Licence.product_id).where(
            Product.code == only
        )
    product_ids = tuple(sorted(session.scalars(licensed).unique()))
    return AgreementCommand(
        school_id=school.id,
        product_ids=product_ids,
        template="convenant-4.0/1",
        title="Verwerkersovereenkomst Digitale Onderwijsmiddelen",
        term_start=term_start,
        term_end=None,
        notice_period_months=3,
        particulars={
            "controller_signatory": {"name": signatory, "function": function},
            "processor_signatory": PROCESSOR_SIGNATORY,
            "processor_breach_contact": BREACH_CONTACT,
        },
    )


def ensure_demo_agreements(session: Session, *, timeout: float) -> int:
    """Add the three demo agreements unless the demo schools have agreements already."""
    schools = {
        school.brin: school
        for school in session.scalars(
            sa.select(Organisation).where(Organisation.brin.in_(["10AB", "11CD", "12EF"]))
        )
    }
    if len(schools) < 3 or session.scalar(
        sa.select(sa.func.count(Agreement.id)).where(
            Agreement.school_id.in_([s.id for s in schools.values()])
        )
    ):
        return 0
    users = {u.email: u for u in session.scalars(sa.select(User))}
    staff = users["privacy@kpcgroep.example"]
    signatory = users["contract@soo-voorbeeldstad.example"]

    replaced = _signed_on_paper(
        session,
        _command(
            session,
            schools["10AB"],
            signatory.name,
            signatory.function,
            only=REPLACED_PRODUCT,
            term_start=dt.date(2025, 8, 1),
        ),
        staff=staff,
        signatory=signatory,
        timeout=timeout,
    )
    signed = create_agreement(
        session,
        _command(session, schools["10AB"], signatory.name, signatory.function),
        supersedes=replaced,
    )
    send_agreement(session, signed, user=staff, ip=DEMO_IP, timeout=timeout)
    move_agreement(session, signed, "approve", user=signatory, ip=DEMO_IP)
    for party, user in ((Party.CONTROLLER, signatory), (Party.PROCESSOR, staff)):
        sign_agreement(
            session,
            signed,
            party,
            Signing(**signed.representative(party), confirmation="AKKOORD"),
            user=user,
            ip=DEMO_IP,
        )
    # The second signature queued the signed PDF; the demo makes it here, as it sends here,
    # so the loaded demo has it at once (the queued job then finds it stored).
    store_signed_pdf(session, signed, user_id=staff.id, timeout=timeout)
    in_review = create_agreement(
        session,
        _command(session, schools["11CD"], "Demo Bestuurder Dorpsveld", BOARD_FUNCTION),
    )
    send_agreement(session, in_review, user=staff, ip=DEMO_IP, timeout=timeout)
    create_agreement(
        session, _command(session, schools["12EF"], "Demo Bestuurder Meerdijk", BOARD_FUNCTION)
    )
    session.flush()
    return 4


def _signed_on_paper(
    session: Session, command: AgreementCommand, *, staff: User, signatory: User, timeout: float
) -> Agreement:
    """An agreement sent, approved and signed on paper (its own pages stand in for the scan),
    its steps dated `REPLACED_PAST` days back."""
    agreement = create_agreement(session, command)
    send_agreement(session, agreement, user=staff, ip=DEMO_IP, timeout=timeout)
    move_agreement(session, agreement, "approve", user=signatory, ip=DEMO_IP)
    original = document_with_content(session, agreement, DocumentKind.ORIGINAL)
    assert original is not None  # sending stored it
    upload_scan(session, agreement, _paper_copy(original.content), user=staff, ip=DEMO_IP)
    session.flush()
    moments = {action: _days_ago(days) for action, days in REPLACED_PAST.items()}
    for event in session.scalars(
        sa.select(AgreementEvent).where(AgreementEvent.agreement_id == agreement.id)
    ):
        event.at = moments.get(event.action, event.at)
    # A bulk UPDATE: the agreement is signed, hence frozen for ordinary changes; these are
    # only the dates the demo's past sets back (the audit trail keeps the real moment).
    session.execute(
        sa.update(Agreement)
        .where(Agreement.id == agreement.id)
        .values(
            created_at=moments["create"],
            sent_at=moments["send"],
            approved_at=moments["approve"],
            signed_at=moments["upload_scan"],
            updated_at=moments["upload_scan"],
        )
        .execution_options(synchronize_session="fetch")
    )
    documents = sa.update(AgreementDocument).where(AgreementDocument.agreement_id == agreement.id)
    for statement in (
        sa.update(AgreementSnapshot)
        .where(AgreementSnapshot.agreement_id == agreement.id)
        .values(created_at=moments["send"]),
        documents.where(AgreementDocument.kind != DocumentKind.SCAN).values(
            created_at=moments["send"]
        ),
        documents.where(AgreementDocument.kind == DocumentKind.SCAN).values(
            created_at=moments["upload_scan"]
        ),
    ):
        session.execute(statement.execution_options(synchronize_session="fetch"))
    return agreement


def _paper_copy(pdf: bytes) -> bytes:
    """The pages of `pdf` as a scan has them: no attachments, links or other active parts."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        copied = writer.add_page(page)
        copied.pop(NameObject("/Annots"), None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _days_ago(days: int) -> dt.datetime:
    """Ten in the morning (local time), `days` days before today, in UTC."""
    day = today() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(10), LOCAL_ZONE).astimezone(dt.UTC)
