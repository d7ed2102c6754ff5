"""Editable vocabularies: purposes, legal bases, data categories and the other lists."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from register.db import EditableMixin, Model, enum_column
from register.derived import Derived


class Vocabulary(enum.Enum):
    PURPOSE = "purpose"
    LEGAL_BASIS = "legal_basis"
    SPECIAL_CONDITION = "special_condition"  # art. 9(2) conditions
    DATA_SUBJECT = "data_subject"
    DATA_CATEGORY = "data_category"
    RECIPIENT_CATEGORY = "recipient_category"
    TRANSFER_MECHANISM = "transfer_mechanism"
    SECURITY_MEASURE = "security_measure"


class Term(EditableMixin, Model):
    """One entry of a vocabulary, e.g. the data category "E-mailadres"."""

    __tablename__ = "term"
    __derived__ = (Derived.DRIFT,)
    __audit__ = True
    __table_args__ = (
        sa.UniqueConstraint("vocabulary", "label"),
        sa.UniqueConstraint("vocabulary", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vocabulary: Mapped[Vocabulary] = mapped_column(enum_column(Vocabulary))
    code: Mapped[str] = mapped_column(sa.String(60))
    label: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Legal reference, e.g. "AVG art. 6 lid 1 sub b" for a legal basis.
    reference: Mapped[str] = mapped_column(sa.String(100), default="")
    # Security measures: a grouping such as "Organisatorisch" or "Technisch".
    group: Mapped[str] = mapped_column(sa.String(100), default="")
    is_special_category: Mapped[bool] = mapped_column(default=False)
    is_criminal_data: Mapped[bool] = mapped_column(default=False)
    is_national_identifier: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Term {self.vocabulary.value}:{self.code}>"
