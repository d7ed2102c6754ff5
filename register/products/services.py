"""Products and licences: create, change, (de)activate a product; give, change, end a licence.

Services flush and never commit; a refused change raises a named error with a Dutch
message (and the form field it is about, when there is one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from register.agreements.models import agreement_licence
from register.audit.recorder import set_active, set_audit_action
from register.organisations.models import Organisation, OrganisationKind
from register.products.errors import (
    DuplicateProduct,
    InvalidLicence,
    OverlappingLicence,
    StaleLicence,
    StaleProduct,
)
from register.products.models import Licence, Product, ProductKind


@dataclass(frozen=True)
class ProductCommand:
    code: str
    name: str
    kind: ProductKind
    description: str = ""
    url: str = ""
    target_groups: str = ""
    users: str = ""
    uses_eck_id: bool = False
    access: str = ""
    certifications: str = ""
    deletion_term: str = ""


def _check_unique(session: Session, command: ProductCommand, own_id: int | None) -> None:
    for field, message in (
        ("code", _l("De code %(value)s is al in gebruik bij product %(name)s.")),
        ("name", _l("Er is al een product met de naam %(value)s.")),
    ):
        value = getattr(command, field)
        other = session.scalar(
            sa.select(Product).where(
                sa.func.lower(getattr(Product, field)) == value.lower(),
                Product.id != (own_id or -1),
            )
        )
        if other is not None:
            raise DuplicateProduct(message % {"value": value, "name": other.name}, field=field)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        raise DuplicateProduct(
            _l("Deze code of naam is al in gebruik bij een ander product.")
        ) from error


def create_product(session: Session, command: ProductCommand) -> Product:
    """Add a product after checking that its code and name are unique."""
    _check_unique(session, command, None)
    product = Product(**asdict(command))
    session.add(product)
    _flush(session)
    return product


def update_product(
    session: Session, product: Product, command: ProductCommand, seen_version: int | None
) -> Product:
    """Change a product, unless it changed since the user loaded it."""
    if seen_version != product.version:
        raise StaleProduct()
    _check_unique(session, command, product.id)
    for key, value in asdict(command).items():
        setattr(product, key, value)
    _flush(session)
    return product


def set_product_active(
    session: Session, product: Product, active: bool, seen_version: int | None
) -> Product:
    """Deactivate or reactivate a product (never deleted)."""
    if seen_version != product.version:
        raise StaleProduct()
    set_active(session, product, active)
    return product


# Licences: a school uses a product for a period (the underlying agreement) ------------


@dataclass(frozen=True)
class LicenceCommand:
    organisation_id: int
    product_id: int
    start_date: dt.date
    end_date: dt.date | None = None
    reference: str = ""


def _period(start: dt.date, end: dt.date | None) -> str:
    if end is None:
        return str(_l("vanaf %(start)s", start=format_date(start)))
    return str(_l("%(start)s t/m %(end)s", start=format_date(start), end=format_date(end)))


def _check(session: Session, command: LicenceCommand, own_id: int | None) -> None:
    organisation = session.get(Organisation, command.organisation_id)
    if organisation is None or organisation.kind is not OrganisationKind.SCHOOL:
        raise InvalidLicence(
            _l("Kies een school: alleen een school (bevoegd gezag) heeft een licentie."),
            field="organisation_id",
        )
    if session.get(Product, command.product_id) is None:
        raise InvalidLicence(_l("Dit product bestaat niet (meer)."))
    if command.end_date is not None and command.end_date < command.start_date:
        raise InvalidLicence(
            _l("De einddatum ligt vóór de begindatum; kies een einddatum op of na de begindatum."),
            field="end_date",
        )
    statement = sa.select(Licence).where(
        Licence.organisation_id == command.organisation_id,
        Licence.product_id == command.product_id,
        Licence.id != (own_id or -1),
        sa.or_(Licence.end_date.is_(None), Licence.end_date >= command.start_date),
    )
    if command.end_date is not None:
        statement = statement.where(Licence.start_date <= command.end_date)
    other = session.scalars(statement.order_by(Licence.start_date).limit(1)).first()
    if other is not None:
        raise OverlappingLicence(
            _l(
                "%(school)s heeft al een licentie voor dit product die deze periode overlapt "
                "(%(period)s). Pas die licentie aan of kies een periode die daarna begint.",
                school=organisation.name,
                period=_period(other.start_date, other.end_date),
            ),
            field="start_date",
        )


def _in_agreement(session: Session, licence: Licence) -> bool:
    """Whether an agreement (in any state) names this licence as its underlying agreement."""
    found = session.scalar(
        sa.select(agreement_licence.c.licence_id)
        .where(agreement_licence.c.licence_id == licence.id)
        .limit(1)
    )
    return found is not None


def create_licence(session: Session, command: LicenceCommand) -> Licence:
    """Give a school a licence for a product, refusing overlapping periods."""
    _check(session, command, None)
    licence = Licence(
        organisation_id=command.organisation_id,
        product_id=command.product_id,
        start_date=command.start_date,
        end_date=command.end_date,
        reference=command.reference,
    )
    session.add(licence)
    session.flush()
    return licence


def update_licence(
    session: Session, licence: Licence, command: LicenceCommand, seen_version: int | None
) -> Licence:
    """Change a licence's school, period or reference."""
    if seen_version != licence.version:
        raise StaleLicence()
    if command.organisation_id != licence.organisation_id and _in_agreement(session, licence):
        raise InvalidLicence(
            _l(
                "Deze licentie hoort bij een verwerkersovereenkomst van deze school en kan niet "
                "naar een andere school worden verplaatst. Geef de andere school een eigen "
                "licentie."
            ),
            field="organisation_id",
        )
    _check(session, command, licence.id)
    licence.organisation_id = command.organisation_id
    licence.start_date = command.start_date
    licence.end_date = command.end_date
    licence.reference = command.reference
    session.flush()
    return licence


def end_licence(
    session: Session, licence: Licence, end_date: dt.date, seen_version: int | None
) -> Licence:
    """End a licence on a date (on or after its start)."""
    if seen_version != licence.version:
        raise StaleLicence()
    if end_date < licence.start_date:
        raise InvalidLicence(
            _l(
                "Een licentie kan niet eindigen vóór de begindatum (%(start)s).",
                start=format_date(licence.start_date),
            ),
            field="end_date",
        )
    licence.end_date = end_date
    set_audit_action(session, licence, "end", f"{licence.start_date} – {end_date}")
    session.flush()
    return licence
