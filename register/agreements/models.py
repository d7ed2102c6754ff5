"""Processor agreements between a school board and the company, with their life cycle.

Transitions are verbs on `Agreement` with guards (`agreement.send(user, ip)`), following the
table in `states.py`; each records an `AgreementEvent` (state history), signing adds an
`AgreementSignature`. The services in `lifecycle.py` check the rules that span objects,
produce the documents, name the audit action and flush.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import InstanceState, Mapped, mapped_column, object_session, relationship

from register.agreements.errors import (
    AgreementImmutable,
    AlreadySigned,
    ConfirmationMismatch,
    IncompleteInput,
    NotAuthorisedToSign,
    RemindedRecently,
    TransitionNotAllowed,
)
from register.agreements.states import FROZEN, STATE_LABELS, TRANSITIONS, AgreementState, Party
from register.auth.permissions import can_sign_for_company, can_sign_for_school
from register.db import Model, TimestampMixin, enum_column, utcnow
from register.extensions import db

if TYPE_CHECKING:
    from register.organisations.models import Organisation
    from register.products.models import Licence, Product

agreement_product = sa.Table(
    "agreement_product",
    db.metadata,
    sa.Column("agreement_id", sa.ForeignKey("agreement.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("product_id", sa.ForeignKey("product.id"), primary_key=True, index=True),
)

agreement_licence = sa.Table(
    "agreement_licence",
    db.metadata,
    sa.Column("agreement_id", sa.ForeignKey("agreement.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("licence_id", sa.ForeignKey("licence.id"), primary_key=True, index=True),
)

CONFIRMATION_WORD = "AKKOORD"
# The least time between two reminders staff send by hand ("herinnering sturen").
REMIND_INTERVAL = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Signing:
    """What a signer gives: name and function, the typed confirmation (the agreement's number
    or AKKOORD) and how they proved who they are (a `register.auth.models.AuthMethod` value)."""

    name: str
    function: str
    confirmation: str
    method: str = "password"


class Agreement(TimestampMixin, Model):
    """One processor agreement (DPA) between a school board and the company."""

    __tablename__ = "agreement"
    __audit__ = True
    __table_args__ = (
        sa.CheckConstraint("term_end IS NULL OR term_end >= term_start", name="term"),
        sa.Index("ix_agreement_school_state", "school_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    state: Mapped[AgreementState] = mapped_column(
        enum_column(AgreementState), default=AgreementState.DRAFT, index=True
    )
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    processor_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    template_id: Mapped[str] = mapped_column(sa.String(60))
    template_version: Mapped[str] = mapped_column(sa.String(20))
    template_sha256: Mapped[str] = mapped_column(sa.String(64))
    term_start: Mapped[dt.date]
    term_end: Mapped[dt.date | None]
    notice_period_months: Mapped[int] = mapped_column(default=3)
    # Signatories of both parties and the contacts: see forms.AgreementForm.particulars().
    particulars: Mapped[dict[str, Any]] = mapped_column(default=dict)
    deviations: Mapped[list[Any]] = mapped_column(default=list)
    # How often the agreement left `draft`; the current snapshot/document has this sequence.
    sent_count: Mapped[int] = mapped_column(default=0)
    document_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    signed_document_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    signed_by_scan: Mapped[bool] = mapped_column(default=False)
    sent_at: Mapped[dt.datetime | None]
    approved_at: Mapped[dt.datetime | None]
    signed_at: Mapped[dt.datetime | None]
    cancelled_at: Mapped[dt.datetime | None]
    terminated_at: Mapped[dt.datetime | None]
    superseded_at: Mapped[dt.datetime | None]
    withdrawn_at: Mapped[dt.datetime | None]
    reject_reason: Mapped[str] = mapped_column(sa.Text, default="")
    termination_reason: Mapped[str] = mapped_column(sa.Text, default="")
    withdrawal_reason: Mapped[str] = mapped_column(sa.Text, default="")
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agreement.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(default=1)

    school: Mapped[Organisation] = relationship(foreign_keys=[school_id])
    processor: Mapped[Organisation] = relationship(foreign_keys=[processor_id])
    products: Mapped[list[Product]] = relationship(
        secondary=agreement_product, order_by="Product.name"
    )
    licences: Mapped[list[Licence]] = relationship(secondary=agreement_licence)
    signatures: Mapped[list[AgreementSignature]] = relationship(
        back_populates="agreement", order_by="AgreementSignature.id"
    )
    events: Mapped[list[AgreementEvent]] = relationship(
        back_populates="agreement", order_by="AgreementEvent.id"
    )
    supersedes: Mapped[Agreement | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Agreement {self.number} {self.state.value}>"

    @hybrid_property
    def is_frozen(self) -> bool:
        """Signed, terminated or superseded: the agreement never changes again."""
        return self.state in FROZEN

    @is_frozen.inplace.expression
    @classmethod
    def _is_frozen_expression(cls) -> sa.ColumnElement[bool]:
        return cls.state.in_(FROZEN)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    def representative(self, party: Party) -> dict[str, str]:
        """The party's representative (name, function): the one source for the party
        clause, the signature page and both signing forms."""
        value = (self.particulars or {}).get(f"{party.value}_signatory") or {}
        return {key: str(value.get(key) or "").strip() for key in ("name", "function")}

    def can(self, action: str) -> bool:
        """Whether `action` is allowed from the current state."""
        return self.state in TRANSITIONS[action][0]

    def signature_of(self, party: Party) -> AgreementSignature | None:
        return next((s for s in self.signatures if s.party is party), None)

    # Transitions ---------------------------------------------------------------------------

    def _move(self, action: str, user: Any, ip: str, reason: str = "") -> AgreementEvent:
        allowed, target = TRANSITIONS[action]
        if self.state not in allowed:
            if self.state in FROZEN and action not in ("terminate", "supersede"):
                raise AgreementImmutable()
            raise TransitionNotAllowed(state=self.state_label)
        before = self.state
        if target is not None:
            self.state = target
        # Setting the back-reference appends without loading `events` (no autoflush midway).
        step = AgreementEvent(
            agreement=self,
            action=action,
            from_state=before,
            to_state=self.state,
            user_id=getattr(user, "id", None),
            user_name=getattr(user, "name", "") or "",
            ip=ip,
            reason=reason,
        )
        session = object_session(self)
        if session is not None:
            session.add(step)
        return step

    def send(self, user: Any, ip: str) -> None:
        """Leave draft: the school reviews the (just rendered) document."""
        self._move("send", user, ip)
        self.sent_count += 1
        self.sent_at = utcnow()
        self.reject_reason = ""

    def approve(self, user: Any, ip: str) -> None:
        """The school's reviewer approves the text; it awaits the signatures."""
        self._move("approve", user, ip)
        self.approved_at = utcnow()

    def reject(self, user: Any, ip: str, reason: str) -> None:
        """The school's reviewer sends it back to draft with a reason."""
        if not reason.strip():
            raise IncompleteInput(_l("Geef een reden waarom de overeenkomst wordt afgewezen."))
        self._move("reject", user, ip, reason.strip())
        self.reject_reason = reason.strip()

    def cancel(self, user: Any, ip: str) -> None:
        """Abandon a draft."""
        self._move("cancel", user, ip)
        self.cancelled_at = utcnow()

    def sign(self, party: Party, user: Any, ip: str, signing: Signing) -> AgreementSignature:
        """Record one party's electronic signature; with both, the agreement is signed."""
        self._require("sign")
        authorised = (
            can_sign_for_school(user, self.school_id)
            if party is Party.CONTROLLER
            else can_sign_for_company(user)
        )
        if not authorised:
            raise NotAuthorisedToSign()
        if self.signature_of(party) is not None:
            raise AlreadySigned()
        typed = signing.confirmation.strip().upper()
        if typed not in {self.number.upper(), CONFIRMATION_WORD}:
            raise ConfirmationMismatch()
        name, function = signing.name.strip(), signing.function.strip()
        if not name or not function:
            raise IncompleteInput(_l("Vul uw naam en functie in."))
        signature = AgreementSignature(
            party=party,
            user_id=user.id,
            name=name,
            function=function,
            signed_at=utcnow(),
            ip=ip,
            confirmation=signing.confirmation.strip(),
            method=signing.method,
        )
        self.signatures.append(signature)
        step = self._move("sign", user, ip, party.value)
        if all(self.signature_of(p) is not None for p in Party):
            self.state = AgreementState.SIGNED
            self.signed_at = utcnow()
            step.to_state = self.state
        return signature

    def complete_by_scan(self, user: Any, ip: str) -> None:
        """A wet-signed scan was uploaded: signing is complete."""
        self._move("upload_scan", user, ip)
        self.signed_by_scan = True
        self.signed_at = utcnow()

    def terminate(self, user: Any, ip: str, reason: str) -> None:
        """End a signed agreement (e.g. the licence ended), with a reason."""
        if not reason.strip():
            raise IncompleteInput(_l("Geef een reden voor de beëindiging."))
        self._move("terminate", user, ip, reason.strip())
        self.terminated_at = utcnow()
        self.termination_reason = reason.strip()

    def supersede(self, user: Any, ip: str, successor: Agreement) -> None:
        """A newer agreement replaces this one (signed, or sent while this one was pending)."""
        self._move("supersede", user, ip, successor.number)
        self.superseded_at = utcnow()

    def withdraw(self, user: Any, ip: str, reason: str) -> None:
        """The processor takes back an agreement the school has not signed yet."""
        if not reason.strip():
            raise IncompleteInput(_l("Geef een reden waarom de overeenkomst wordt ingetrokken."))
        self._move("withdraw", user, ip, reason.strip())
        self.withdrawn_at = utcnow()
        self.withdrawal_reason = reason.strip()

    def remind(self, user: Any, ip: str, now: dt.datetime | None = None) -> None:
        """Staff remind the school to act; at most once per `REMIND_INTERVAL`."""
        self._require("remind")
        now = now or utcnow()
        last = max((e.at for e in self.events if e.action == "remind"), default=None)
        if last is not None and now - last < REMIND_INTERVAL:
            raise RemindedRecently()
        self._move("remind", user, ip).at = now

    def ensure_editable(self) -> None:
        """Only a draft's particulars, products and text version may change."""
        if self.state is not AgreementState.DRAFT:
            if self.state in FROZEN:
                raise AgreementImmutable()
            raise TransitionNotAllowed(state=self.state_label)

    def _require(self, action: str) -> None:
        if not self.can(action):
            if self.state in FROZEN:
                raise AgreementImmutable()
            raise TransitionNotAllowed(state=self.state_label)


# An agreement's history: its state changes and the signatures of both parties ---------


class AgreementSignature(Model):
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
    # How the signer proved who they are (register.auth.models.AuthMethod value).
    method: Mapped[str] = mapped_column(sa.String(200), default="password")

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


class AgreementEvent(Model):
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


# Columns that may still change once an agreement is frozen: leaving `signed`, bookkeeping.
_MUTABLE_WHEN_FROZEN = {"state", "terminated_at", "termination_reason", "superseded_at"}
_MUTABLE_WHEN_FROZEN |= {"version", "updated_at", "signed_document_sha256"}


@event.listens_for(Agreement, "before_update")
def _refuse_changes_to_frozen(mapper: Any, connection: Any, target: Agreement) -> None:
    state: InstanceState[Agreement] = sa.inspect(target)
    old_state = state.attrs.state.history.deleted
    was = old_state[0] if old_state else target.state
    if was not in FROZEN:
        return
    for attr in mapper.column_attrs:
        if attr.key in _MUTABLE_WHEN_FROZEN:
            continue
        if state.attrs[attr.key].history.has_changes():
            raise AgreementImmutable()
    for key in ("products", "licences"):
        if state.attrs[key].history.has_changes():
            raise AgreementImmutable()
    if was is not AgreementState.SIGNED and state.attrs.state.history.has_changes():
        raise AgreementImmutable()
