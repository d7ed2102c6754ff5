"""Products (learning products and own services) and licences of schools for products."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.db import EditableMixin, LabelledEnum, Model, enum_column
from register.derived import Derived

if TYPE_CHECKING:
    from register.organisations.models import Organisation


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProductKind(LabelledEnum):
    LEARNING_PRODUCT = "learning_product", _l("Digitaal onderwijsmiddel")
    OWN_SERVICE = "own_service", _l("Eigen dienst")


class Product(EditableMixin, Model):
    """A digital learning product (DOENIN, SVA) or an own service (website, newsletter)."""

    __tablename__ = "product"
    __derived__ = (Derived.COMPLETENESS, Derived.DRIFT)
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[ProductKind] = mapped_column(enum_column(ProductKind))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    url: Mapped[str] = mapped_column(sa.String(200), default="")
    # Comma-free list of target groups such as "PO", "VO", "MBO".
    target_groups: Mapped[str] = mapped_column(sa.String(100), default="")
    users: Mapped[str] = mapped_column(sa.String(300), default="")
    uses_eck_id: Mapped[bool] = mapped_column(default=False)
    # For the Privacybijsluiter: who sees what ("Leraar: voortgang van de eigen klassen",
    # one per line) and the certifications that apply (one per line).
    access: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    certifications: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Art. 28(3)(g): within which term after the licence ends the data are deleted or
    # returned, as it reads after "binnen", e.g. "drie maanden".
    deletion_term: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    licences: Mapped[list[Licence]] = relationship(back_populates="product")

    @property
    def target_group_list(self) -> list[str]:
        """The target groups as a list, e.g. ["PO", "VO"] (stored space-separated)."""
        return self.target_groups.replace(",", " ").split()

    @property
    def access_list(self) -> list[dict[str, str]]:
        """Who sees what, from lines "who: what" (a line without a colon is a "who")."""
        found = []
        for line in _lines(self.access):
            who, _colon, what = line.partition(":")
            found.append({"who": who.strip(), "what": what.strip()})
        return found

    @property
    def certification_list(self) -> list[str]:
        return _lines(self.certifications)

    def __repr__(self) -> str:
        return f"<Product {self.code}>"


class Licence(EditableMixin, Model):
    """The underlying agreement: a school uses a product from a date until a date."""

    __tablename__ = "licence"
    __derived__ = (Derived.COMPLETENESS,)
    __audit__ = True
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),
        sa.Index("ix_licence_product_org", "product_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id"))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date | None]
    reference: Mapped[str] = mapped_column(sa.String(100), default="")

    organisation: Mapped[Organisation] = relationship(back_populates="licences")
    product: Mapped[Product] = relationship(back_populates="licences")

    def is_current(self, on: dt.date) -> bool:
        """Whether the licence runs on the given day."""
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)
