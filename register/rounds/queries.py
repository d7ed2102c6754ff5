"""What a round covers and where rounds stand: SQL only, a fixed number of queries per page.

`candidates(selection)` is one SELECT of (licence, agreement to replace, school, school name,
what): the preview pages it and `services.start_round` inserts it as the round's items.
`round_figures` counts, per round, the agreements it made by where they are now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, aliased

from register.agreements.documents.storage import AgreementDrift
from register.agreements.drift import changed_since_sent
from register.agreements.models import Agreement, agreement_product
from register.agreements.queries import agreement_for_licence, school_matches
from register.agreements.services import template_choices
from register.agreements.states import COVERING, LIVE, AgreementState
from register.db import utcnow
from register.notifications.queries import WAITING_FOR_SCHOOL, lacks_signatory
from register.notifications.reminders import reminder_terms
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product
from register.rounds.models import OPEN, ItemState, Round, RoundItem, RoundKind

# The newest rounds a page shows above its list (the agreements list, the dashboard).
ROUNDS_SHOWN = 5


@dataclass(frozen=True)
class Selection:
    """Which set a round covers: its kind, narrowed by product and school board."""

    kind: RoundKind
    product_id: int | None = None
    school: str = ""  # name or BRIN (part of)


def _open_item(column: Any, key: Any) -> sa.Exists:
    """An open item of any round already holds this licence or agreement."""
    return sa.select(RoundItem.id).where(column == key, RoundItem.state.in_(OPEN)).exists()


def _uncovered(selection: Selection, on: dt.date) -> sa.Select[*tuple[Any, ...]]:
    statement = (
        sa.select(
            Licence.id.label("licence_id"),
            sa.cast(sa.null(), sa.Integer).label("target_id"),
            Organisation.id.label("school_id"),
            Organisation.name.label("school"),
            Product.name.label("subject"),
        )
        .join(Organisation, Organisation.id == Licence.organisation_id)
        .join(Product, Product.id == Licence.product_id)
        .where(
            Organisation.kind == OrganisationKind.SCHOOL,
            sa.or_(Licence.end_date.is_(None), Licence.end_date >= on),
            ~agreement_for_licence(Agreement.state.in_(LIVE)),  # drafts too
            ~_open_item(RoundItem.licence_id, Licence.id),
        )
        .order_by(Organisation.name, Product.name, Licence.id)
    )
    if selection.product_id is not None:
        statement = statement.where(Licence.product_id == selection.product_id)
    return statement


def _replaceable(session: Session, selection: Selection) -> sa.Select[*tuple[Any, ...]]:
    successor = aliased(Agreement)
    has_successor = (
        sa.select(successor.id)
        .where(successor.supersedes_id == Agreement.id, successor.state.in_(LIVE))
        .exists()
    )
    if selection.kind is RoundKind.OUTDATED:
        newest = template_choices()[0][0] if template_choices() else ""
        template_id, _, version = newest.partition("/")
        chosen = sa.and_(
            Agreement.state.in_(COVERING),
            sa.or_(Agreement.template_id != template_id, Agreement.template_version != version),
        )
    else:  # CHANGED: signed and flagged, or still with the school and changed since sent
        flagged = sa.select(AgreementDrift.agreement_id).where(
            AgreementDrift.agreement_id == Agreement.id
        )
        chosen = sa.or_(
            sa.and_(Agreement.state == AgreementState.SIGNED, flagged.exists()),
            sa.and_(Agreement.state.in_(WAITING_FOR_SCHOOL), changed_since_sent(session)),
        )
    statement = (
        sa.select(
            sa.cast(sa.null(), sa.Integer).label("licence_id"),
            Agreement.id.label("target_id"),
            Organisation.id.label("school_id"),
            Organisation.name.label("school"),
            Agreement.number.label("subject"),
        )
        .join(Organisation, Organisation.id == Agreement.school_id)
        .where(chosen, ~has_successor, ~_open_item(RoundItem.target_id, Agreement.id))
        .order_by(Organisation.name, Agreement.number)
    )
    if selection.product_id is not None:
        statement = statement.where(
            Agreement.id.in_(
                sa.select(agreement_product.c.agreement_id).where(
                    agreement_product.c.product_id == selection.product_id
                )
            )
        )
    return statement


def candidates(session: Session, selection: Selection, on: dt.date) -> sa.Select[*tuple[Any, ...]]:
    """(licence_id, target_id, school_id, school, subject) of everything the round would do."""
    if selection.kind is RoundKind.UNCOVERED:
        statement = _uncovered(selection, on)
    else:
        statement = _replaceable(session, selection)
    if selection.school:
        statement = statement.where(school_matches(selection.school))
    return statement


def round_items(round_id: int, state: ItemState | None) -> sa.Select[*tuple[Any, ...]]:
    """A round's items with their school and agreement numbers, for its progress page."""
    made, target = aliased(Agreement), aliased(Agreement)
    statement = (
        sa.select(RoundItem, Organisation.name, Product.name, target.number, made.number)
        .join(Organisation, Organisation.id == RoundItem.school_id)
        .outerjoin(Licence, Licence.id == RoundItem.licence_id)
        .outerjoin(Product, Product.id == Licence.product_id)
        .outerjoin(target, target.id == RoundItem.target_id)
        .outerjoin(made, made.id == RoundItem.agreement_id)
        .where(RoundItem.round_id == round_id)
        .order_by(RoundItem.id)
    )
    if state is not None:
        statement = statement.where(RoundItem.state == state)
    return statement


@dataclass(frozen=True)
class RoundFigures:
    """Where one round stands: its items, and the agreements it made by where they are."""

    round: Round
    waiting: int
    sending: int
    done: int
    failed: int
    offered: int  # sent to the school (in review or further)
    approved: int  # approved by the school (awaiting signature or signed)
    signed: int
    overdue: int  # waiting for the school longer than the first reminder term
    no_signatory: int  # waiting for a school with no signatory

    @property
    def open(self) -> int:
        return self.waiting + self.sending


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def round_figures(
    session: Session,
    *,
    now: dt.datetime,
    reminder_days: int | None,
    limit: int = 5,
    only: int | None = None,
) -> list[RoundFigures]:
    """The newest rounds (or round `only`) with their figures: two queries in all."""
    chosen = sa.select(Round).order_by(Round.id.desc()).limit(limit)
    if only is not None:
        chosen = chosen.where(Round.id == only)
    rounds = session.scalars(chosen).all()
    if not rounds:
        return []
    since = sa.case(
        (Agreement.state == AgreementState.AWAITING_SIGNATURE, Agreement.approved_at),
        else_=Agreement.sent_at,
    )
    overdue: sa.ColumnElement[bool] = sa.false()
    if reminder_days is not None:
        overdue = sa.and_(
            Agreement.state.in_(WAITING_FOR_SCHOOL),
            since < now - dt.timedelta(days=reminder_days),
        )
    approved = sa.or_(
        Agreement.state == AgreementState.AWAITING_SIGNATURE,
        sa.and_(Agreement.state == AgreementState.SIGNED, Agreement.approved_at.is_not(None)),
    )
    rows = session.execute(
        sa.select(
            RoundItem.round_id,
            _count(RoundItem.state == ItemState.WAITING),
            _count(RoundItem.state == ItemState.SENDING),
            _count(RoundItem.state == ItemState.DONE),
            _count(RoundItem.state == ItemState.FAILED),
            _count(sa.and_(RoundItem.state == ItemState.DONE, Agreement.sent_at.is_not(None))),
            _count(approved),
            _count(Agreement.state == AgreementState.SIGNED),
            _count(overdue),
            _count(lacks_signatory()),
        )
        .outerjoin(Agreement, Agreement.id == RoundItem.agreement_id)
        .where(RoundItem.round_id.in_([r.id for r in rounds]))
        .group_by(RoundItem.round_id)
    ).all()
    counts = {row[0]: [int(value) for value in row[1:]] for row in rows}
    return [RoundFigures(r, *counts.get(r.id, [0] * 9)) for r in rounds]


def where_rounds_stand(
    session: Session, *, limit: int = ROUNDS_SHOWN, only: int | None = None
) -> list[RoundFigures]:
    """`round_figures` now, "overdue" counted from the first reminder term (`REMINDER_DAYS`)."""
    terms = reminder_terms(current_app)
    return round_figures(
        session,
        now=utcnow(),
        reminder_days=terms[0] if terms else None,
        limit=limit,
        only=only,
    )
