"""An agreement's history: its state changes and the signatures of both parties."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.agreements.states import AgreementState, Party
from register.db import enum_column, utcnow
from register.extensions import db

if TYPE_CHECKING:
    from register.agreements.models import Agreement


class AgreementSignature(db.Model):
    """One party's signature: who, in which function, when (UTC), from where, typed text."""

    __tablename__ = "agreement_signature"
    __audit__ = True
    __table_args__ = (sa.UniqueConstraint("agreement_id", "party"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id", ondelete="CASCADE"))
    party: Mapped[Party] = mapped_column(enum_column(Party))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    function: Mapped[str] = mapped_column(sa.String(200))
    signed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    confirmation: Mapped[str] = mapped_column(sa.String(40), default="")
    # How the signer proved who they are (register.auth.models.AuthMethod value); issue 10.
    method: Mapped[str] = mapped_column(sa.String(40), default="password")

    agreement: Mapped[Agreement] = relationship(back_populates="signatures")

    def as_context(self) -> dict[str, str]:
        """The signature as the document context expects it."""
        return {
            "party": self.party.value,
            "name": self.name,
            "function": self.function,
            "signed_at": self.signed_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "ip": self.ip,
            "method": self.method,
        }


def _state_type(name: str) -> sa.Enum:
    # A second column of the same enum in one table needs its own CHECK constraint name.
    column_type = enum_column(AgreementState)
    column_type.name = name
    return column_type


class AgreementEvent(db.Model):
    """One step of an agreement's state history."""

    __tablename__ = "agreement_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(30))
    from_state: Mapped[AgreementState | None] = mapped_column(_state_type("from_state"))
    to_state: Mapped[AgreementState] = mapped_column(_state_type("to_state"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    user_name: Mapped[str] = mapped_column(sa.String(200), default="")
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")

    agreement: Mapped[Agreement] = relationship(back_populates="events")
