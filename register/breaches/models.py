"""A personal data breach, the activities and products it touches, and the schools told."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.breaches import clock
from register.db import EditableMixin, LabelledEnum, Model, enum_column, link_table, utcnow

if TYPE_CHECKING:
    from register.activities.models import Activity
    from register.auth.models import User
    from register.organisations.models import Organisation
    from register.products.models import Product


class BreachStatus(LabelledEnum):
    OPEN = "open", _l("Open")
    CLOSED = "closed", _l("Afgesloten")


breach_product = link_table("breach_product", "breach", "product", index=False)
breach_activity = link_table("breach_activity", "breach", "activity", index=False)


class Breach(EditableMixin, Model):
    """One incident, documented as art. 33(5) requires, with the decision to notify."""

    __tablename__ = "breach"
    __audit__ = True
    __table_args__ = (
        sa.CheckConstraint("ended_at IS NULL OR ended_at >= occurred_at", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    occurred_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    aware_at: Mapped[dt.datetime] = mapped_column(index=True)
    facts: Mapped[str] = mapped_column(sa.Text, default="")
    effects: Mapped[str] = mapped_column(sa.Text, default="")
    measures: Mapped[str] = mapped_column(sa.Text, default="")
    data_subjects: Mapped[str] = mapped_column(sa.Text, default="")
    # The decision (None: not yet decided) and its reasoning, for the authority and subjects.
    notify_authority: Mapped[bool | None]
    authority_reasoning: Mapped[str] = mapped_column(sa.Text, default="")
    authority_reference: Mapped[str] = mapped_column(sa.String(100), default="")
    authority_notified_at: Mapped[dt.datetime | None]
    notify_subjects: Mapped[bool | None]
    subjects_reasoning: Mapped[str] = mapped_column(sa.Text, default="")
    subjects_notified_at: Mapped[dt.datetime | None]
    status: Mapped[BreachStatus] = mapped_column(
        enum_column(BreachStatus), default=BreachStatus.OPEN, index=True
    )
    closed_at: Mapped[dt.datetime | None]

    products: Mapped[list[Product]] = relationship(
        secondary=breach_product, order_by="Product.name"
    )
    activities: Mapped[list[Activity]] = relationship(
        secondary=breach_activity, order_by="Activity.name"
    )
    notices: Mapped[list[BreachNotice]] = relationship(
        back_populates="breach", cascade="all, delete-orphan", order_by="BreachNotice.sent_at"
    )

    @property
    def is_open(self) -> bool:
        return self.status is BreachStatus.OPEN

    @property
    def reference(self) -> str:
        return f"DL-{self.aware_at.year}-{self.id:04d}"

    @property
    def authority_deadline(self) -> dt.datetime:
        return clock.authority_deadline(self.aware_at)

    @property
    def school_notice_deadline(self) -> dt.datetime:
        return clock.school_notice_deadline(self.aware_at)

    @property
    def authority_pending(self) -> bool:
        """Whether the 72-hour clock still matters: not decided against, not yet notified."""
        return self.notify_authority is not False and self.authority_notified_at is None

    def close(self) -> None:
        self.status = BreachStatus.CLOSED
        self.closed_at = utcnow()

    def __repr__(self) -> str:
        return f"<Breach {self.id}>"


class BreachNotice(Model):
    """A school told of a breach: to which address, when and by whom."""

    __tablename__ = "breach_notice"
    __audit__ = True
    __table_args__ = (sa.UniqueConstraint("breach_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(sa.ForeignKey("breach.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    recipient: Mapped[str] = mapped_column(sa.String(200))
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    breach: Mapped[Breach] = relationship(back_populates="notices")
    organisation: Mapped[Organisation] = relationship()
    sent_by: Mapped[User | None] = relationship()
