"""A round and its items: which licences or agreements it covers and how far each one is.

Bookkeeping rows, not `__audit__`: a round is audited as named events (started, paused,
resumed) and every agreement it makes or replaces is audited as that agreement.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.db import LabelledEnum, Model, enum_column, utcnow


class RoundKind(LabelledEnum):
    # current licences without an agreement
    UNCOVERED = "uncovered", _l("Licenties zonder overeenkomst")
    # agreements on an older text version
    OUTDATED = "outdated", _l("Overeenkomsten op een oudere tekstversie")
    # agreements whose register data changed since they were sent
    CHANGED = "changed", _l("Overeenkomsten met gewijzigde registergegevens")


class ItemState(LabelledEnum):
    WAITING = "waiting", _l("Wacht")  # nothing made yet
    SENDING = "sending", _l("Wordt verzonden")  # a draft was made and its send job queued
    DONE = "done", _l("Verzonden")  # sent to the school
    FAILED = "failed", _l("Mislukt")  # refused, with the reason


OPEN = (ItemState.WAITING, ItemState.SENDING)
# The partial unique indexes' condition: at most one open item per licence or agreement.
_OPEN_SQL = "state IN ('waiting', 'sending')"


class Round(Model):
    """One bulk round: the selection it was started with and where it stands."""

    __tablename__ = "round"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RoundKind] = mapped_column(enum_column(RoundKind))
    product_id: Mapped[int | None] = mapped_column(sa.ForeignKey("product.id"))
    school: Mapped[str] = mapped_column(sa.String(100), default="")  # name or BRIN (part of)
    total: Mapped[int] = mapped_column(default=0)
    paused: Mapped[bool] = mapped_column(default=False)
    # Only the task holding the current tick advances the round (see running.py).
    tick: Mapped[int] = mapped_column(default=0)
    advanced_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]

    items: Mapped[list[RoundItem]] = relationship(
        back_populates="round", order_by="RoundItem.id", passive_deletes=True
    )

    @property
    def kind_label(self) -> str:
        return str(self.kind.label)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def _open_unique(name: str, column: str) -> sa.Index:
    """At most one open item per value of `column` (a partial unique index)."""
    where = sa.text(_OPEN_SQL)
    return sa.Index(name, column, unique=True, sqlite_where=where, postgresql_where=where)


class RoundItem(Model):
    """One licence to cover or one agreement to replace, and the agreement the round made."""

    __tablename__ = "round_item"
    __table_args__ = (
        _open_unique("uq_round_item_open_licence", "licence_id"),
        _open_unique("uq_round_item_open_target", "target_id"),
        sa.Index("ix_round_item_round_state", "round_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    licence_id: Mapped[int | None] = mapped_column(sa.ForeignKey("licence.id"))
    target_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agreement.id"))  # replaced
    agreement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agreement.id"), unique=True
    )  # made by the round
    send_job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("job.id", ondelete="SET NULL"))
    state: Mapped[ItemState] = mapped_column(enum_column(ItemState), default=ItemState.WAITING)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    round: Mapped[Round] = relationship(back_populates="items")

    @property
    def state_label(self) -> str:
        return str(self.state.label)
