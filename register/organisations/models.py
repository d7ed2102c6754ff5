"""Organisations: the company itself, school boards, sub-processors and recipients."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.db import EditableMixin, LabelledEnum, Model, enum_column
from register.derived import Derived

if TYPE_CHECKING:
    from register.products.models import Licence


class OrganisationKind(LabelledEnum):
    OWN = "own", _l("Eigen organisatie")
    SCHOOL = "school", _l("School (bevoegd gezag)")
    SUBPROCESSOR = "subprocessor", _l("Subverwerker")
    RECIPIENT = "recipient", _l("Ontvanger (derde)")


class Organisation(EditableMixin, Model):
    """A party: the company itself (exactly one), a school board, sub-processor or recipient."""

    __tablename__ = "organisation"
    __derived__ = (Derived.COMPLETENESS, Derived.DRIFT)
    __audit__ = True
    __table_args__ = (
        # At most one organisation of kind "own": a partial unique index on both dialects.
        sa.Index(
            "uq_organisation_single_own",
            "kind",
            unique=True,
            sqlite_where=sa.text("kind = 'own'"),
            postgresql_where=sa.text("kind = 'own'"),
        ),
        sa.Index("ix_organisation_kind_name", "kind", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    name: Mapped[str] = mapped_column(sa.String(200))
    legal_form: Mapped[str] = mapped_column(sa.String(100), default="")
    brin: Mapped[str | None] = mapped_column(sa.String(8), unique=True)
    rio: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    kvk: Mapped[str | None] = mapped_column(sa.String(8))
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(10), default="")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    country: Mapped[str] = mapped_column(sa.String(100), default="Nederland")
    website: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    privacy_contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    privacy_contact_email: Mapped[str] = mapped_column(sa.String(200), default="")
    privacy_contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    dpo_name: Mapped[str] = mapped_column(sa.String(200), default="")
    dpo_email: Mapped[str] = mapped_column(sa.String(200), default="")
    dpo_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # Art. 30(1)(a): no FG appointed, and why (the own organisation records one or the other).
    dpo_not_appointed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    dpo_not_appointed_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Who signs for the organisation: its board, or someone with a mandate (volmacht: who
    # granted it and when). The one source a new agreement's signatories are filled from.
    representative_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    representative_function: Mapped[str] = mapped_column(
        sa.String(200), default="", server_default=""
    )
    representative_mandate: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # A recipient that processes data on the company's behalf: its processor agreement.
    processor_agreement: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    # Where a sub-processor or recipient processes data (e.g. "Nederland", "Verenigde Staten").
    location: Mapped[str] = mapped_column(sa.String(100), default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    licences: Mapped[list[Licence]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind.value} {self.name!r}>"
