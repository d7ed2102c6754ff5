"""Creating, changing, deactivating and reactivating products."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from register.audit.recorder import set_audit_action
from register.products.models import Product, ProductKind


class ProductError(Exception):
    """A refused change; `message` is the Dutch text for the user, `field` where it belongs."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class DuplicateProduct(ProductError):
    """Another product already has this code or name."""


class StaleProduct(ProductError):
    """Someone else changed the product since the form was loaded."""


STALE_MESSAGE = _l(
    "Iemand anders heeft dit product intussen gewijzigd. Uw wijziging is niet opgeslagen. "
    "Vergelijk uw invoer met de huidige gegevens en sla opnieuw op als u uw versie wilt bewaren."
)


@dataclass(frozen=True)
class ProductData:
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


def _check_unique(session: Session, data: ProductData, own_id: int | None) -> None:
    for field, message in (
        ("code", _l("De code %(value)s is al in gebruik bij product %(name)s.")),
        ("name", _l("Er is al een product met de naam %(value)s.")),
    ):
        value = getattr(data, field)
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


def create_product(session: Session, data: ProductData) -> Product:
    """Add a product after checking that its code and name are unique."""
    _check_unique(session, data, None)
    product = Product(**asdict(data))
    session.add(product)
    _flush(session)
    return product


def update_product(
    session: Session, product: Product, data: ProductData, seen_version: int | None
) -> Product:
    """Change a product, unless it changed since the user loaded it."""
    if seen_version != product.version:
        raise StaleProduct(STALE_MESSAGE)
    _check_unique(session, data, product.id)
    for key, value in asdict(data).items():
        setattr(product, key, value)
    _flush(session)
    return product


def set_product_active(
    session: Session, product: Product, active: bool, seen_version: int | None
) -> Product:
    """Deactivate or reactivate a product (never deleted)."""
    if seen_version != product.version:
        raise StaleProduct(STALE_MESSAGE)
    if product.is_active != active:
        product.is_active = active
        set_audit_action(session, product, "reactivate" if active else "deactivate")
        _flush(session)
    return product
