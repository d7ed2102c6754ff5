"""The agreement panels of the dashboard: states, uncovered licences, drift and rounds.

All queries against the agreement models live here, so the dashboard depends on the
agreements feature in one place. Fixed number of queries: one per panel count or list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from register.activities.facts import current_licence_filter
from register.agreements.documents.storage import AgreementDrift
from register.agreements.models import Agreement
from register.agreements.queries import agreement_for_licence
from register.agreements.states import STATE_LABELS, AgreementState
from register.dashboard.services import LIST_CAP
from register.organisations.models import Organisation
from register.products.models import Licence, Product
from register.rounds.queries import RoundFigures, where_rounds_stand

PENDING = (AgreementState.IN_REVIEW, AgreementState.AWAITING_SIGNATURE)


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


@dataclass(frozen=True)
class UncoveredLicence:
    """A current licence for which the school has no signed agreement for the product."""

    school_id: int
    school: str
    product: str
    start_date: dt.date
    end_date: dt.date | None
    pending: bool


@dataclass(frozen=True)
class DriftedAgreement:
    id: int
    number: str
    school: str
    detected_at: dt.datetime
    fields: list[str]


@dataclass(frozen=True)
class AgreementPanels:
    by_state: list[StateCount]
    uncovered_count: int
    uncovered: list[UncoveredLicence]
    drifted_count: int
    drifted: list[DriftedAgreement]
    rounds: list[RoundFigures]  # where the newest bulk rounds stand


def _agreement_for(state: sa.ColumnElement[bool]) -> sa.Exists:
    """An agreement in `state` of the licence's school covering the licence's product."""
    return agreement_for_licence(state)


def states(session: Session) -> list[StateCount]:
    """Number of agreements in every state (zero included), in life-cycle order."""
    counts = dict(
        session.execute(sa.select(Agreement.state, sa.func.count()).group_by(Agreement.state)).all()
    )
    return [
        StateCount(state.value, str(STATE_LABELS[state]), int(counts.get(state, 0)))
        for state in AgreementState
    ]


def uncovered_licences(session: Session, today: dt.date) -> tuple[int, list[UncoveredLicence]]:
    """Current licences without a signed agreement: how many, and the first few."""
    uncovered = sa.and_(
        current_licence_filter(today), ~_agreement_for(Agreement.state == AgreementState.SIGNED)
    )
    total = session.scalar(sa.select(sa.func.count()).select_from(Licence).where(uncovered))
    rows = session.execute(
        sa.select(
            Organisation.id,
            Organisation.name,
            Product.name,
            Licence.start_date,
            Licence.end_date,
            _agreement_for(Agreement.state.in_(PENDING)),
        )
        .join(Organisation, Organisation.id == Licence.organisation_id)
        .join(Product, Product.id == Licence.product_id)
        .where(uncovered)
        .order_by(Organisation.name, Product.name, Licence.id)
        .limit(LIST_CAP)
    )
    return int(total or 0), [UncoveredLicence(*row) for row in rows]


def _changed_fields(changes: list[object]) -> list[str]:
    fields: dict[str, None] = {}
    for change in changes if isinstance(changes, list) else []:
        if isinstance(change, dict):
            label = " · ".join(str(change[k]) for k in ("product", "field") if change.get(k))
            fields.setdefault(label or "?", None)
    return list(fields)


def drifted_agreements(session: Session) -> tuple[int, list[DriftedAgreement]]:
    """Signed agreements whose register data changed: how many, and the most recent few."""
    school = aliased(Organisation)
    total = session.scalar(
        sa.select(sa.func.count())
        .select_from(AgreementDrift)
        .join(Agreement, Agreement.id == AgreementDrift.agreement_id)
        .where(Agreement.state == AgreementState.SIGNED)
    )
    rows = session.execute(
        sa.select(
            Agreement.id,
            Agreement.number,
            school.name,
            AgreementDrift.detected_at,
            AgreementDrift.changes,
        )
        .join(Agreement, Agreement.id == AgreementDrift.agreement_id)
        .join(school, school.id == Agreement.school_id)
        .where(Agreement.state == AgreementState.SIGNED)
        .order_by(AgreementDrift.detected_at.desc(), Agreement.id)
        .limit(LIST_CAP)
    )
    return int(total or 0), [
        DriftedAgreement(row[0], row[1], row[2], row[3], fields=_changed_fields(row[4]))
        for row in rows
    ]


def agreement_panels(session: Session, *, today: dt.date) -> AgreementPanels:
    """States, licences without a signed agreement, drifted agreements, the newest rounds."""
    uncovered_count, uncovered = uncovered_licences(session, today)
    drifted_count, drifted = drifted_agreements(session)
    return AgreementPanels(
        by_state=states(session),
        uncovered_count=uncovered_count,
        uncovered=uncovered,
        drifted_count=drifted_count,
        drifted=drifted,
        rounds=where_rounds_stand(session),
    )
