"""Every e-mail the register sends: one `Message` per recipient, its content kept beside it.

`Message` is the durable state of a delivery (the outbox): the delivery job claims it with
a lease, sends it and marks it sent, or counts the failed attempt. It is audited; its
content (`MessageContent`) is not, so one-time links in a body never reach the audit trail.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.db import LabelledEnum, Model, enum_column, utcnow


class MessageState(LabelledEnum):
    QUEUED = "queued", _l("In de wachtrij")
    SENT = "sent", _l("Verzonden")
    FAILED = "failed", _l("Niet afgeleverd")


STATE_BADGES = {MessageState.QUEUED: "info", MessageState.SENT: "ok", MessageState.FAILED: "danger"}


class Message(Model):
    """One e-mail to one recipient: what, to whom, about what, and how its delivery went."""

    __tablename__ = "message"
    __audit__ = True
    # Addresses (a requester's among them) and delivery errors quoting them: hashed in the trail.
    __audit_redact__ = ("recipient", "last_error")
    __table_args__ = (
        # A job that sends "the same" message twice (same key) sends it once per recipient.
        sa.UniqueConstraint("key", "recipient"),
        sa.Index("ix_message_about", "about_kind", "about_id"),
        sa.Index("ix_message_state", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    template: Mapped[str] = mapped_column(sa.String(80))
    subject: Mapped[str] = mapped_column(sa.String(300))
    key: Mapped[str | None] = mapped_column(sa.String(200))
    about_kind: Mapped[str] = mapped_column(sa.String(40), default="")
    about_id: Mapped[int | None]
    state: Mapped[MessageState] = mapped_column(
        enum_column(MessageState), default=MessageState.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
    failed_at: Mapped[dt.datetime | None]
    next_attempt_at: Mapped[dt.datetime | None]
    # Held by the worker delivering it; a dead worker's claim runs out (JOB_LEASE_SECONDS).
    claimed_until: Mapped[dt.datetime | None]

    content: Mapped[MessageContent] = relationship(
        back_populates="message", cascade="all, delete-orphan", uselist=False
    )

    def __repr__(self) -> str:
        return f"<Message {self.id} {self.template} to {self.recipient} {self.state.value}>"

    @property
    def state_label(self) -> str:
        return str(self.state.label)

    @property
    def state_badge(self) -> str:
        return STATE_BADGES[self.state]


class MessageContent(Model):
    """The rendered text and HTML of a message (not audited: bodies carry one-time links)."""

    __tablename__ = "message_content"

    message_id: Mapped[int] = mapped_column(
        sa.ForeignKey("message.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str] = mapped_column(sa.Text)

    message: Mapped[Message] = relationship(back_populates="content")
