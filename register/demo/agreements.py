"""Demo agreements, so the school portal and the agreement screens have something to show.

One signed agreement (Voorbeeldstad, signed online by both parties), one awaiting the
school's review (Dorpsveld, whose demo contract manager may approve but not sign) and one
draft. Rendering their PDFs takes a few seconds on the first `make run`.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.agreements.lifecycle import move_agreement, send_agreement, sign_agreement
from register.agreements.models import Agreement, Signing
from register.agreements.services import AgreementCommand, create_agreement
from register.agreements.states import Party
from register.auth.models import User
from register.organisations.models import Organisation
from register.products.models import Licence

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


def _command(
    session: Session, school: Organisation, signatory: str, function: str
) -> AgreementCommand:
    product_ids = tuple(
        sorted(
            session.scalars(
                sa.select(Licence.product_id).where(Licence.organisation_id == school.id)
            ).unique()
        )
    )
    return AgreementCommand(
        school_id=school.id,
        product_ids=product_ids,
        template="convenant-4.0/1",
        title="Verwerkersovereenkomst Digitale Onderwijsmiddelen",
        term_start=dt.date(2026, 8, 1),
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

    signed = create_agreement(
        session, _command(session, schools["10AB"], signatory.name, signatory.function)
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
            timeout=timeout,
        )
    in_review = create_agreement(
        session,
        _command(session, schools["11CD"], "Demo Bestuurder Dorpsveld", BOARD_FUNCTION),
    )
    send_agreement(session, in_review, user=staff, ip=DEMO_IP, timeout=timeout)
    create_agreement(
        session, _command(session, schools["12EF"], "Demo Bestuurder Meerdijk", BOARD_FUNCTION)
    )
    session.flush()
    return 3
