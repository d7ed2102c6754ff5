"""Facts outside an activity record that its completeness depends on, read in two queries."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.completeness import RegisterFacts
from register.calendar import today
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product


def own_organisation(session: Session) -> Organisation | None:
    """The company itself (kind own), if registered."""
    return session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN).limit(1)
    ).first()


def contact_complete(own: Organisation | None) -> bool:
    """Whether the own organisation exists with a name, an address and an e-mail or phone."""
    if own is None:
        return False
    return bool(own.name.strip() and own.address.strip() and (own.email or own.phone).strip())


def current_licence_filter(on: dt.date) -> sa.ColumnElement[bool]:
    """Licences that run on the given day."""
    return sa.and_(
        Licence.start_date <= on, sa.or_(Licence.end_date.is_(None), Licence.end_date >= on)
    )


def controllers_by_product(session: Session, on: dt.date | None = None) -> dict[str, int]:
    """Product code -> number of organisations with a current licence for it."""
    on = on or today()
    rows = session.execute(
        sa.select(Product.code, sa.func.count(sa.distinct(Licence.organisation_id)))
        .join(Licence, Licence.product_id == Product.id)
        .where(current_licence_filter(on))
        .group_by(Product.code)
    )
    return {code: int(count) for code, count in rows}


def load_facts(
    session: Session, on: dt.date | None = None, own: Organisation | None = None
) -> RegisterFacts:
    """The facts for judging any activity's completeness today."""
    return RegisterFacts(
        own_contact_complete=contact_complete(own or own_organisation(session)),
        controllers_by_product=controllers_by_product(session, on),
    )
