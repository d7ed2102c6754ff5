"""The one way to write a breach, derive the schools it touches and tell them.

Services flush, never commit, and refuse with a `BreachError` whose message is Dutch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.activities.models import Activity
from register.audit.concurrency import check_open
from register.audit.recorder import set_audit_action
from register.breaches.errors import BreachClosed, BreachError
from register.breaches.models import Breach, BreachNotice, BreachStatus
from register.calendar import LOCAL_ZONE
from register.db import every_row
from register.mail.services import send_mail
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product


@dataclass(frozen=True)
class BreachCommand:
    """What staff record about an incident."""

    title: str
    occurred_at: dt.datetime
    aware_at: dt.datetime
    ended_at: dt.datetime | None = None
    facts: str = ""
    effects: str = ""
    measures: str = ""
    data_subjects: str = ""
    product_ids: Sequence[int] = field(default_factory=tuple)
    activity_ids: Sequence[int] = field(default_factory=tuple)


@dataclass(frozen=True)
class Decision:
    """Whether to notify the authority and the data subjects, why, and when it was done."""

    notify_authority: bool
    authority_reasoning: str
    notify_subjects: bool
    subjects_reasoning: str
    authority_reference: str = ""
    authority_notified_at: dt.datetime | None = None
    subjects_notified_at: dt.datetime | None = None


def _check(command: BreachCommand, now: dt.datetime) -> None:
    if not command.title.strip():
        raise BreachError(_l("Geef het datalek een korte titel."), field="title")
    if command.aware_at > now:
        raise BreachError(_l("Het moment van ontdekken ligt in de toekomst."), field="aware_at")
    if command.occurred_at > command.aware_at:
        raise BreachError(
            _l("Het datalek kan niet na het moment van ontdekken zijn begonnen."),
            field="occurred_at",
        )
    if command.ended_at is not None and command.ended_at < command.occurred_at:
        raise BreachError(_l("Het einde van het datalek ligt vóór het begin."), field="ended_at")


def _chosen(session: Session, model: Any, ids: Sequence[int], name: str) -> list[Any]:
    found = every_row(session, model, ids)
    if found is None:
        raise BreachError(_l("Een gekozen onderdeel bestaat niet (meer)."), field=name)
    return found


def _apply(session: Session, breach: Breach, command: BreachCommand) -> None:
    breach.title = command.title.strip()
    breach.occurred_at = command.occurred_at
    breach.ended_at = command.ended_at
    breach.aware_at = command.aware_at
    breach.facts = command.facts.strip()
    breach.effects = command.effects.strip()
    breach.measures = command.measures.strip()
    breach.data_subjects = command.data_subjects.strip()
    breach.products = _chosen(session, Product, command.product_ids, "product_ids")
    breach.activities = _chosen(session, Activity, command.activity_ids, "activity_ids")


def record_breach(session: Session, command: BreachCommand, *, now: dt.datetime) -> Breach:
    """Document a new incident; its clocks start at `aware_at`."""
    _check(command, now)
    breach = Breach()
    _apply(session, breach, command)
    session.add(breach)
    session.flush()
    return breach


def update_breach(
    session: Session,
    breach: Breach,
    command: BreachCommand,
    *,
    seen_version: int | None,
    now: dt.datetime,
) -> Breach:
    """Change what is documented about an open breach."""
    check_open(breach, seen_version, BreachClosed)
    _check(command, now)
    _apply(session, breach, command)
    session.flush()
    return breach


def decide(
    session: Session, breach: Breach, decision: Decision, *, seen_version: int | None
) -> Breach:
    """Record the decision to notify the authority and the data subjects, with its reasons."""
    check_open(breach, seen_version, BreachClosed)
    if not decision.authority_reasoning.strip():
        raise BreachError(
            _l("Onderbouw de beslissing over het melden aan de Autoriteit Persoonsgegevens."),
            field="authority_reasoning",
        )
    if not decision.subjects_reasoning.strip():
        raise BreachError(
            _l("Onderbouw de beslissing over het informeren van de betrokkenen."),
            field="subjects_reasoning",
        )
    if decision.authority_notified_at is not None:
        if not decision.notify_authority:
            raise BreachError(
                _l("Een meldingsdatum hoort bij de beslissing om wél te melden."),
                field="authority_notified_at",
            )
        if not decision.authority_reference.strip():
            raise BreachError(
                _l("Vul het meldnummer van de Autoriteit Persoonsgegevens in."),
                field="authority_reference",
            )
        if decision.authority_notified_at < breach.aware_at:
            raise BreachError(
                _l("De melding kan niet vóór het ontdekken van het datalek zijn gedaan."),
                field="authority_notified_at",
            )
    if decision.subjects_notified_at is not None and not decision.notify_subjects:
        raise BreachError(
            _l(
                "Een datum van informeren hoort bij de beslissing om betrokkenen wél te informeren."
            ),
            field="subjects_notified_at",
        )
    breach.notify_authority = decision.notify_authority
    breach.authority_reasoning = decision.authority_reasoning.strip()
    breach.authority_reference = decision.authority_reference.strip()
    breach.authority_notified_at = decision.authority_notified_at
    breach.notify_subjects = decision.notify_subjects
    breach.subjects_reasoning = decision.subjects_reasoning.strip()
    breach.subjects_notified_at = decision.subjects_notified_at
    set_audit_action(session, breach, "decide")
    session.flush()
    return breach


def breach_period(breach: Breach) -> tuple[dt.date, dt.date]:
    """The local days the breach lasted: from its start to its end (or its discovery)."""
    end = breach.ended_at or breach.aware_at
    return (
        breach.occurred_at.astimezone(LOCAL_ZONE).date(),
        end.astimezone(LOCAL_ZONE).date(),
    )


def touched_product_ids(breach: Breach) -> set[int]:
    """The products chosen, and the products of the activities chosen."""
    ids = {product.id for product in breach.products}
    ids |= {a.product_id for a in breach.activities if a.product_id is not None}
    return ids


def affected_schools(session: Session, breach: Breach) -> list[Organisation]:
    """Schools with a licence of a touched product that overlaps the breach period."""
    product_ids = touched_product_ids(breach)
    if not product_ids:
        return []
    start, end = breach_period(breach)
    licensed = sa.select(Licence.organisation_id).where(
        Licence.product_id.in_(product_ids),
        Licence.start_date <= end,
        sa.or_(Licence.end_date.is_(None), Licence.end_date >= start),
    )
    return list(
        session.scalars(
            sa.select(Organisation)
            .where(Organisation.id.in_(licensed), Organisation.kind == OrganisationKind.SCHOOL)
            .order_by(Organisation.name, Organisation.id)
        )
    )


def notice_address(school: Organisation) -> str:
    """Where a school is told: its privacy contact, else its general address."""
    return school.privacy_contact_email or school.email


@dataclass(frozen=True)
class NoticeResult:
    notified: list[Organisation]
    without_address: list[Organisation]


def notify_schools(
    session: Session, breach: Breach, *, user_id: int | None, seen_version: int | None
) -> NoticeResult:
    """Tell every affected school not told before, once; report those without an address."""
    check_open(breach, seen_version, BreachClosed)
    told = {notice.organisation_id for notice in breach.notices}
    waiting = [s for s in affected_schools(session, breach) if s.id not in told]
    if not waiting:
        raise BreachError(
            _l(
                "Er is geen school meer om te informeren: alle betrokken scholen zijn al "
                "geïnformeerd, of het datalek raakt geen product met licenties in de periode."
            )
        )
    notified, missing = [], []
    for school in waiting:
        address = notice_address(school)
        if not address:
            missing.append(school)
            continue
        breach.notices.append(
            BreachNotice(organisation_id=school.id, recipient=address, sent_by_id=user_id)
        )
        notified.append(school)
    session.flush()
    for school in notified:
        send_mail(
            template="breach_notice",
            to=[notice_address(school)],
            context=notice_context(breach, school),
            about=breach,
            key=f"breach_notice:{breach.id}:{school.id}",
        )
    return NoticeResult(notified, missing)


def notice_context(breach: Breach, school: Organisation) -> dict[str, Any]:
    """Plain values for the notice to one school (art. 33(3) items, as the agreement asks)."""
    return {
        "reference": breach.reference,
        "school": school.name,
        "title": breach.title,
        "occurred_at": breach.occurred_at,
        "ended_at": breach.ended_at,
        "aware_at": breach.aware_at,
        "facts": breach.facts,
        "effects": breach.effects,
        "measures": breach.measures,
        "data_subjects": breach.data_subjects,
        "products": [p.name for p in breach.products],
    }


def close_breach(session: Session, breach: Breach, *, seen_version: int | None) -> Breach:
    """Close a breach once the decision is recorded."""
    check_open(breach, seen_version, BreachClosed)
    if breach.notify_authority is None or breach.notify_subjects is None:
        raise BreachError(
            _l("Leg eerst de beslissing over melden vast (autoriteit en betrokkenen).")
        )
    if breach.notify_authority and breach.authority_notified_at is None:
        raise BreachError(_l("Er is besloten te melden, maar de melding is nog niet vastgelegd."))
    breach.close()
    set_audit_action(session, breach, "close")
    session.flush()
    return breach


def breaches_in(status: BreachStatus) -> sa.Select[Breach]:
    """The breaches with `status`, most recently discovered first."""
    return (
        sa.select(Breach)
        .where(Breach.status == status)
        .order_by(Breach.aware_at.desc(), Breach.id.desc())
    )


def open_breaches() -> sa.Select[Breach]:
    """Open breaches, most recently discovered first."""
    return breaches_in(BreachStatus.OPEN)


def school_breaches(organisation_ids: Sequence[int]) -> sa.Select[Breach]:
    """The breaches a school was told about (its notices), newest first."""
    told = sa.select(BreachNotice.breach_id).where(
        BreachNotice.organisation_id.in_(organisation_ids)
    )
    return sa.select(Breach).where(Breach.id.in_(told)).order_by(Breach.aware_at.desc())
