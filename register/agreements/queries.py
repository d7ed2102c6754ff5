"""The list queries of the agreements screens: each a fixed number of SQL queries per page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased, contains_eager, selectinload

from register.agreements.documents.storage import AgreementDrift
from register.agreements.models import Agreement, agreement_product
from register.agreements.states import COVERING, AgreementState
from register.characters import search_text
from register.db import contains
from register.ids import parse_id
from register.notifications.queries import lacks_signatory
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product


@dataclass(frozen=True)
class AgreementFilters:
    state: AgreementState | None = None
    product_id: int | None = None
    school: str = ""  # name, BRIN or agreement number (part of)
    drift: bool = False
    no_signatory: bool = False  # waiting for a school nobody can sign for (notifications)

    @classmethod
    def from_args(cls, args: Any) -> AgreementFilters:
        """Filters from a query string; unknown values are ignored."""
        state = next((s for s in AgreementState if s.value == args.get("status")), None)
        return cls(
            state=state,
            product_id=parse_id(args.get("product")),
            school=search_text(args.get("school")),
            drift=args.get("drift") == "1",
            no_signatory=args.get("geen_ondertekenaar") == "1",
        )


def lock_agreement(session: Session, agreement_id: int) -> Agreement | None:
    """The agreement, its row locked for this transaction and loaded afresh (a job's start)."""
    return session.scalars(
        sa.select(Agreement)
        .where(Agreement.id == agreement_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()


def school_matches(text: str) -> sa.ColumnElement[bool]:
    return contains(text, Organisation.name, Organisation.brin)


def agreement_list(filters: AgreementFilters) -> sa.Select[*tuple[Any, ...]]:
    """Agreements with their school (joined), products (one extra query) and drift flag."""
    has_drift = AgreementDrift.agreement_id.is_not(None).label("has_drift")
    statement = (
        sa.select(Agreement, has_drift)
        .join(Organisation, Organisation.id == Agreement.school_id)
        .outerjoin(AgreementDrift, AgreementDrift.agreement_id == Agreement.id)
        .options(contains_eager(Agreement.school), selectinload(Agreement.products))
        .order_by(Agreement.id.desc())
    )
    if filters.state is not None:
        statement = statement.where(Agreement.state == filters.state)
    if filters.product_id is not None:
        statement = statement.where(
            Agreement.id.in_(
                sa.select(agreement_product.c.agreement_id).where(
                    agreement_product.c.product_id == filters.product_id
                )
            )
        )
    if filters.school:
        # Schools are matched in their own (smaller) table; a number by its index prefix.
        prefix = filters.school.upper()
        statement = statement.where(
            sa.or_(
                Agreement.school_id.in_(
                    sa.select(Organisation.id).where(school_matches(filters.school))
                ),
                sa.and_(Agreement.number >= prefix, Agreement.number < prefix + "\uffff"),
            )
        )
    if filters.drift:
        statement = statement.where(AgreementDrift.agreement_id.is_not(None))
    if filters.no_signatory:  # "geen ondertekenaar" (register/notifications/queries.py)
        statement = statement.where(lacks_signatory())
    return statement


def _covered(school_column: Any, product_column: Any) -> sa.Exists:
    return (
        sa.select(1)
        .select_from(Agreement)
        .join(agreement_product, agreement_product.c.agreement_id == Agreement.id)
        .where(
            Agreement.school_id == school_column,
            agreement_product.c.product_id == product_column,
            Agreement.state.in_(COVERING),
        )
        .exists()
    )


def agreement_for_licence(state: sa.ColumnElement[bool]) -> sa.Exists:
    """SQL: an agreement in `state` of the licence's school covering the licence's product."""
    return (
        sa.select(Agreement.id)
        .join(agreement_product, agreement_product.c.agreement_id == Agreement.id)
        .where(
            Agreement.school_id == Licence.organisation_id,
            agreement_product.c.product_id == Licence.product_id,
            state,
        )
        .exists()
    )


def uncovered_licences(
    on: dt.date, product_id: int | None, school: str
) -> sa.Select[*tuple[Any, ...]]:
    """Current licences whose school has no pending or signed agreement for that product."""
    statement = (
        sa.select(Licence, Organisation.name, Product.name)
        .join(Organisation, Organisation.id == Licence.organisation_id)
        .join(Product, Product.id == Licence.product_id)
        .where(
            Organisation.kind == OrganisationKind.SCHOOL,
            sa.or_(Licence.end_date.is_(None), Licence.end_date >= on),
            ~_covered(Licence.organisation_id, Licence.product_id),
        )
        .order_by(Organisation.name, Product.name, Licence.id)
    )
    if product_id is not None:
        statement = statement.where(Licence.product_id == product_id)
    if school:
        statement = statement.where(school_matches(school))
    return statement


def processor_register(product_id: int | None) -> sa.Select[*tuple[Any, ...]]:
    """Art. 30(2)(a): per product every school with a licence, and its latest agreement."""
    latest_id = (
        sa.select(sa.func.max(Agreement.id))
        .join(agreement_product, agreement_product.c.agreement_id == Agreement.id)
        .where(
            Agreement.school_id == Licence.organisation_id,
            agreement_product.c.product_id == Licence.product_id,
            Agreement.state != AgreementState.CANCELLED,
        )
        .correlate(Licence)
        .scalar_subquery()
    )
    latest = aliased(Agreement)
    statement = (
        sa.select(
            Product.name,
            Organisation,
            Licence.start_date,
            Licence.end_date,
            latest.id,
            latest.number,
            latest.state,
        )
        .select_from(Licence)
        .join(Organisation, Organisation.id == Licence.organisation_id)
        .join(Product, Product.id == Licence.product_id)
        .outerjoin(latest, latest.id == latest_id)
        .order_by(Product.name, Organisation.name, Licence.id)
    )
    if product_id is not None:
        statement = statement.where(Licence.product_id == product_id)
    return statement


def drift_list() -> sa.Select[*tuple[Any, ...]]:
    """Signed agreements flagged with drift, by school: who has to be told what."""
    return (
        sa.select(Agreement, AgreementDrift)
        .join(AgreementDrift, AgreementDrift.agreement_id == Agreement.id)
        .join(Organisation, Organisation.id == Agreement.school_id)
        .options(contains_eager(Agreement.school), selectinload(Agreement.products))
        .order_by(Organisation.name, Agreement.number)
    )


def product_choices(session: Any) -> list[tuple[int, str]]:
    return [
        (p.id, p.name)
        for p in session.execute(sa.select(Product.id, Product.name).order_by(Product.name))
    ]
