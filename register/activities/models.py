"""Processing activities: the entries of the art. 30 register and their parts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.db import EditableMixin, LabelledEnum, Model, enum_column, link_table, utcnow
from register.derived import Derived
from register.organisations.models import Organisation
from register.vocabularies.models import Term

if TYPE_CHECKING:
    from register.products.models import Product


class Role(LabelledEnum):
    CONTROLLER = "controller", _l("Verwerkingsverantwoordelijke")
    PROCESSOR = "processor", _l("Verwerker")


class ActivityStatus(LabelledEnum):
    DRAFT = "draft", _l("Concept")
    ACTIVE = "active", _l("Actief")
    RETIRED = "retired", _l("Beëindigd")


class DpiaStatus(LabelledEnum):
    NOT_NEEDED = "not_needed", _l("Niet nodig")
    NOT_STARTED = "not_started", _l("Nog niet gestart")
    IN_PROGRESS = "in_progress", _l("Bezig")
    COMPLETED = "completed", _l("Afgerond")


activity_data_subject = link_table("activity_data_subject", "activity", "term")
activity_recipient_category = link_table("activity_recipient_category", "activity", "term")
activity_security_measure = link_table("activity_security_measure", "activity", "term")

# The purposes a data category serves (terms of the purpose vocabulary); none: all purposes.
activity_data_category_purpose = link_table(
    "activity_data_category_purpose",
    "activity_data_category",
    "term",
    owner_column="data_category_id",
)

activity_recipient = link_table("activity_recipient", "activity", "organisation")


class Activity(EditableMixin, Model):
    """One entry of the register of processing activities (GDPR art. 30(1) or 30(2))."""

    __tablename__ = "activity"
    __derived__ = (Derived.DRIFT,)
    __audit__ = True
    __table_args__ = (
        sa.CheckConstraint(
            "role = 'controller' OR product_id IS NOT NULL", name="processor_product"
        ),
        sa.Index("ix_activity_status_name", "status", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    role: Mapped[Role] = mapped_column(enum_column(Role), index=True)
    status: Mapped[ActivityStatus] = mapped_column(
        enum_column(ActivityStatus), default=ActivityStatus.DRAFT
    )
    product_id: Mapped[int | None] = mapped_column(sa.ForeignKey("product.id"), index=True)
    department: Mapped[str] = mapped_column(sa.String(100), default="")
    owner: Mapped[str] = mapped_column(sa.String(200), default="")
    # Where the owner is reached: the weekly digest of due review dates goes here.
    owner_email: Mapped[str] = mapped_column(sa.String(254), default="")
    joint_controller: Mapped[str] = mapped_column(sa.String(300), default="")
    # Art. 30(2)(b): the categories of processing carried out on behalf of each controller.
    processing_categories: Mapped[str] = mapped_column(sa.Text, default="")
    storage_location: Mapped[str] = mapped_column(sa.String(300), default="")
    data_source: Mapped[str] = mapped_column(sa.String(300), default="")
    automated_decision_making: Mapped[bool] = mapped_column(default=False)
    automated_decision_logic: Mapped[str] = mapped_column(sa.Text, default="")
    security_description: Mapped[str] = mapped_column(sa.Text, default="")
    rights_available: Mapped[str] = mapped_column(sa.Text, default="")
    dpia_required: Mapped[bool] = mapped_column(default=False)
    dpia_status: Mapped[DpiaStatus] = mapped_column(
        enum_column(DpiaStatus), default=DpiaStatus.NOT_NEEDED
    )
    dpia_link: Mapped[str] = mapped_column(sa.String(500), default="")
    review_date: Mapped[dt.date | None] = mapped_column(index=True)
    # How many mandatory art. 30 items are missing; kept up to date by the activity services
    # (register.activities.completeness), so "incomplete" filters and counts run in SQL.
    missing_count: Mapped[int] = mapped_column(default=0, index=True)
    retired_at: Mapped[dt.datetime | None]
    retired_reason: Mapped[str] = mapped_column(sa.Text, default="")

    product: Mapped[Product | None] = relationship()
    purposes: Mapped[list[ActivityPurpose]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ActivityPurpose.id"
    )
    data_categories: Mapped[list[ActivityDataCategory]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ActivityDataCategory.id"
    )
    data_subjects: Mapped[list[Term]] = relationship(
        secondary=activity_data_subject, order_by=Term.label
    )
    recipient_categories: Mapped[list[Term]] = relationship(
        secondary=activity_recipient_category, order_by=Term.label
    )
    security_measures: Mapped[list[Term]] = relationship(
        secondary=activity_security_measure, order_by=(Term.group, Term.label)
    )
    recipients: Mapped[list[Organisation]] = relationship(
        secondary=activity_recipient, order_by=Organisation.name
    )
    subprocessors: Mapped[list[ActivitySubprocessor]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ActivitySubprocessor.id"
    )
    transfers: Mapped[list[Transfer]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="Transfer.id"
    )
    retention_rules: Mapped[list[RetentionRule]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="RetentionRule.id"
    )
    versions: Mapped[list[ActivityVersion]] = relationship(
        back_populates="activity", order_by="ActivityVersion.number"
    )

    def __repr__(self) -> str:
        return f"<Activity {self.id} {self.name!r}>"


class ActivityPart:
    """A row of one of an activity's lists: it goes with the activity, feeds drift, is audited."""

    __derived__ = (Derived.DRIFT,)
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )


class ActivityPurpose(ActivityPart, Model):
    """A purpose of an activity with its own legal basis (and art. 9(2) condition)."""

    __tablename__ = "activity_purpose"

    purpose_id: Mapped[int] = mapped_column(sa.ForeignKey("term.id"), index=True)
    legal_basis_id: Mapped[int | None] = mapped_column(sa.ForeignKey("term.id"), index=True)
    special_condition_id: Mapped[int | None] = mapped_column(sa.ForeignKey("term.id"))
    legitimate_interest: Mapped[str] = mapped_column(sa.Text, default="")
    lia_link: Mapped[str] = mapped_column(sa.String(500), default="")

    activity: Mapped[Activity] = relationship(back_populates="purposes")
    purpose: Mapped[Term] = relationship(foreign_keys=[purpose_id])
    legal_basis: Mapped[Term | None] = relationship(foreign_keys=[legal_basis_id])
    special_condition: Mapped[Term | None] = relationship(foreign_keys=[special_condition_id])


class ActivityDataCategory(ActivityPart, Model):
    """A personal-data category processed by an activity, optionally per data-subject group."""

    __tablename__ = "activity_data_category"
    __table_args__ = (sa.UniqueConstraint("activity_id", "term_id", "data_subject_id"),)

    term_id: Mapped[int] = mapped_column(sa.ForeignKey("term.id"), index=True)
    data_subject_id: Mapped[int | None] = mapped_column(sa.ForeignKey("term.id"))
    is_required: Mapped[bool] = mapped_column(default=True)

    activity: Mapped[Activity] = relationship(back_populates="data_categories")
    term: Mapped[Term] = relationship(foreign_keys=[term_id])
    data_subject: Mapped[Term | None] = relationship(foreign_keys=[data_subject_id])
    purposes: Mapped[list[Term]] = relationship(
        secondary=activity_data_category_purpose, order_by=Term.id
    )


class ActivitySubprocessor(ActivityPart, Model):
    """A sub-processor engaged for an activity, with its service, location and safeguard."""

    __tablename__ = "activity_subprocessor"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    service: Mapped[str] = mapped_column(sa.String(300), default="")
    location: Mapped[str] = mapped_column(sa.String(100), default="")
    safeguard: Mapped[str] = mapped_column(sa.String(300), default="")

    activity: Mapped[Activity] = relationship(back_populates="subprocessors")
    organisation: Mapped[Organisation] = relationship()


class Transfer(ActivityPart, Model):
    """A transfer to a third country or international organisation (art. 30(1)(e))."""

    __tablename__ = "transfer"

    country: Mapped[str] = mapped_column(sa.String(100))
    recipient: Mapped[str] = mapped_column(sa.String(200), default="")
    mechanism_id: Mapped[int | None] = mapped_column(sa.ForeignKey("term.id"))
    safeguards: Mapped[str] = mapped_column(sa.Text, default="")

    activity: Mapped[Activity] = relationship(back_populates="transfers")
    mechanism: Mapped[Term | None] = relationship()


class RetentionRule(ActivityPart, Model):
    """How long (part of) the data is kept, what starts the period and why (art. 30(1)(f))."""

    __tablename__ = "retention_rule"

    # None: the rule applies to all data categories of the activity.
    data_category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("term.id"))
    period: Mapped[str] = mapped_column(sa.String(100))
    trigger: Mapped[str] = mapped_column(sa.String(300), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    legal_exception: Mapped[str] = mapped_column(sa.Text, default="")

    activity: Mapped[Activity] = relationship(back_populates="retention_rules")
    data_category: Mapped[Term | None] = relationship()


# Every list of an activity, as the model of its rows.
ACTIVITY_PARTS: tuple[type[Model], ...] = (
    ActivityPurpose,
    ActivityDataCategory,
    ActivitySubprocessor,
    Transfer,
    RetentionRule,
)


class ActivityVersion(Model):
    """A frozen copy of an activity's full record after each change: history and as-of views."""

    __tablename__ = "activity_version"
    __table_args__ = (
        sa.UniqueConstraint("activity_id", "number"),
        sa.Index("ix_activity_version_created", "created_at", "activity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activity.id"))
    number: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    snapshot: Mapped[dict[str, Any]]

    activity: Mapped[Activity] = relationship(back_populates="versions")
