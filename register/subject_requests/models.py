"""A request from a data subject and the register activities that hold the person's data."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.db import EditableMixin, LabelledEnum, Model, enum_column, link_table, utcnow

if TYPE_CHECKING:
    from register.activities.models import Activity
    from register.auth.models import User
    from register.organisations.models import Organisation


class RequestKind(LabelledEnum):
    ACCESS = "access", _l("Inzage")
    RECTIFICATION = "rectification", _l("Rectificatie")
    ERASURE = "erasure", _l("Verwijdering")
    RESTRICTION = "restriction", _l("Beperking van de verwerking")
    PORTABILITY = "portability", _l("Overdraagbaarheid")
    OBJECTION = "objection", _l("Bezwaar")
    WITHDRAWAL = "withdrawal", _l("Intrekken van toestemming")


# The GDPR article each kind of request rests on, for pages, letters and e-mail.
ARTICLES = {
    RequestKind.ACCESS: "art. 15 AVG",
    RequestKind.RECTIFICATION: "art. 16 AVG",
    RequestKind.ERASURE: "art. 17 AVG",
    RequestKind.RESTRICTION: "art. 18 AVG",
    RequestKind.PORTABILITY: "art. 20 AVG",
    RequestKind.OBJECTION: "art. 21 AVG",
    RequestKind.WITHDRAWAL: "art. 7(3) AVG",
}


class Channel(LabelledEnum):
    MAIL = "mail", _l("E-mail")
    PHONE = "phone", _l("Telefoon")
    LETTER = "letter", _l("Brief")
    WEB_FORM = "web_form", _l("Webformulier")


class IdentityStatus(LabelledEnum):
    UNVERIFIED = "unverified", _l("Nog niet gecontroleerd")
    VERIFIED = "verified", _l("Vastgesteld")
    FAILED = "failed", _l("Niet vastgesteld")


class RequestStatus(LabelledEnum):
    OPEN = "open", _l("Open")
    CLOSED = "closed", _l("Afgesloten")


class Outcome(LabelledEnum):
    GRANTED = "granted", _l("Ingewilligd")
    PARTLY_GRANTED = "partly_granted", _l("Gedeeltelijk ingewilligd")
    REFUSED = "refused", _l("Afgewezen")
    FORWARDED = "forwarded", _l("Doorgestuurd naar de school")
    WITHDRAWN = "withdrawn", _l("Ingetrokken door de verzoeker")


subject_request_activity = link_table(
    "subject_request_activity",
    "subject_request",
    "activity",
    owner_column="request_id",
    index=False,
)


class SubjectRequest(EditableMixin, Model):
    """One request: who asked what, when it is due, who handles it and how it ended."""

    __tablename__ = "subject_request"
    __audit__ = True
    # What the person wrote and what the file says about them: a keyed hash in the trail.
    __audit_redact__ = (
        "requester_name",
        "requester_email",
        "requester_address",
        "description",
        "identity_method",
        "extension_reason",
        "answer",
        "outcome_note",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    received_on: Mapped[dt.date]
    due_on: Mapped[dt.date] = mapped_column(index=True)
    requester_name: Mapped[str] = mapped_column(sa.String(200))
    requester_email: Mapped[str] = mapped_column(sa.String(200), default="")
    requester_address: Mapped[str] = mapped_column(sa.Text, default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus), default=RequestStatus.OPEN, index=True
    )
    handler_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    identity_status: Mapped[IdentityStatus] = mapped_column(
        enum_column(IdentityStatus), default=IdentityStatus.UNVERIFIED
    )
    identity_method: Mapped[str] = mapped_column(sa.String(300), default="")
    identity_checked_at: Mapped[dt.datetime | None]
    extension_months: Mapped[int] = mapped_column(default=0)
    extension_reason: Mapped[str] = mapped_column(sa.Text, default="")
    extension_noticed_on: Mapped[dt.date | None]
    # The school whose data it is (the company processes them as its processor).
    school_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    forwarded_at: Mapped[dt.datetime | None]
    forwarded_to: Mapped[str] = mapped_column(sa.String(200), default="")
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome))
    outcome_note: Mapped[str] = mapped_column(sa.Text, default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(index=True)

    handler: Mapped[User | None] = relationship()
    school: Mapped[Organisation | None] = relationship()
    activities: Mapped[list[Activity]] = relationship(
        secondary=subject_request_activity, order_by="Activity.name"
    )

    @property
    def is_open(self) -> bool:
        return self.status is RequestStatus.OPEN

    @property
    def reference(self) -> str:
        """The number the requester and the school quote, e.g. "AVG-2026-0007"."""
        return f"AVG-{self.received_on.year}-{self.id:04d}"

    def close(self, outcome: Outcome, note: str) -> None:
        """Close the request with its outcome."""
        self.status = RequestStatus.CLOSED
        self.outcome = outcome
        self.outcome_note = note
        self.closed_at = utcnow()

    def __repr__(self) -> str:
        return f"<SubjectRequest {self.id} {self.kind.value}>"
