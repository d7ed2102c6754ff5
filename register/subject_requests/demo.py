"""Demo requests and a demo breach, written through the services like everything else.

Dates are relative to today, so the demo always has an overdue request and a breach whose
72-hour clock runs. Idempotent: each item is looked up by its demo key first.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.models import Activity, Role
from register.auth.models import User
from register.breaches import services as breach_services
from register.breaches.models import Breach
from register.db import utcnow
from register.organisations.models import Organisation
from register.products.models import Product
from register.subject_requests import services
from register.subject_requests.models import Channel, Outcome, RequestKind, SubjectRequest

HANDLER = "privacy@kpcgroep.example"
SCHOOL_BRIN = "10AB"
BREACH_TITLE = "Voortgangsoverzicht DOENIN zichtbaar voor leerlingen van een andere klas"


def _request(
    session: Session, today: dt.date, email: str, days_ago: int, **fields: object
) -> SubjectRequest | None:
    if session.scalar(sa.select(SubjectRequest.id).where(SubjectRequest.requester_email == email)):
        return None
    handler = session.scalar(sa.select(User.id).where(User.email == HANDLER))
    data = services.SubjectRequestCommand(
        received_on=today - dt.timedelta(days=days_ago),
        requester_email=email,
        handler_id=handler,
        **fields,  # type: ignore[arg-type]
    )
    return services.record_request(session, data, today=today)


def ensure_demo_privacy_registers(session: Session, today: dt.date) -> int:
    """Add the demo requests and breach that are missing; return how many were added."""
    controller = session.scalars(
        sa.select(Activity.id).where(Activity.role == Role.CONTROLLER).order_by(Activity.id)
    ).first()
    school = session.scalar(sa.select(Organisation.id).where(Organisation.brin == SCHOOL_BRIN))
    # (e-mail, received days ago, what was asked): overdue, recent, and one for a school.
    requests: list[tuple[str, int, dict[str, object]]] = [
        (
            "m.jansen@example.nl",
            40,
            {
                "kind": RequestKind.ACCESS,
                "channel": Channel.MAIL,
                "requester_name": "M. Jansen",
                "description": "Welke gegevens heeft u van mij sinds mijn training in 2024?",
                "activity_ids": (controller,) if controller else (),
            },
        ),
        (
            "p.bakker@example.nl",
            3,
            {
                "kind": RequestKind.WITHDRAWAL,
                "channel": Channel.WEB_FORM,
                "requester_name": "P. Bakker",
                "description": "Ik wil de nieuwsbrief niet meer ontvangen.",
            },
        ),
    ]
    if school is not None:
        requests.append(
            (
                "ouder.de.boer@example.nl",
                6,
                {
                    "kind": RequestKind.ERASURE,
                    "channel": Channel.LETTER,
                    "requester_name": "R. de Boer (ouder)",
                    "description": "Verwijder de gegevens van mijn zoon uit DOENIN.",
                    "school_id": school,
                },
            )
        )
    added = 0
    for email, days_ago, fields in requests:
        found = _request(session, today, email, days_ago, **fields)
        if found is None:
            continue
        added += 1
        if found.school_id is not None:
            services.forward_to_school(session, found, seen_version=found.version)
            services.close_request(
                session,
                found,
                outcome=Outcome.FORWARDED,
                note="",
                answer="Uw verzoek is doorgestuurd naar de school, die erover beslist.",
                seen_version=found.version,
            )
    return added + _ensure_breach(session)


def _ensure_breach(session: Session) -> int:
    if session.scalar(sa.select(Breach.id).where(Breach.title == BREACH_TITLE)):
        return 0
    doenin = session.scalar(sa.select(Product.id).where(Product.code == "DOENIN"))
    if doenin is None:
        return 0
    now = utcnow().replace(second=0, microsecond=0)
    breach = breach_services.record_breach(
        session,
        breach_services.BreachCommand(
            title=BREACH_TITLE,
            occurred_at=now - dt.timedelta(days=3),
            ended_at=now - dt.timedelta(days=2, hours=20),
            aware_at=now - dt.timedelta(days=2, hours=18),
            facts="Na een update toonde het voortgangsoverzicht van DOENIN enkele uren ook "
            "leerlingen van een parallelklas.",
            effects="Leraren van andere klassen konden namen en voortgang van leerlingen zien.",
            measures="Update teruggedraaid; toegangslogboeken gecontroleerd.",
            data_subjects="Leerlingen (naam, klas, voortgang), ongeveer 300.",
            product_ids=(doenin,),
        ),
        now=now,
    )
    breach_services.notify_schools(session, breach, user_id=None, seen_version=breach.version)
    return 1
