"""What pages show about messages: per agreement, agreements nobody can sign, failures."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from register.agreements.models import Agreement
from register.agreements.states import AgreementState
from register.auth.models import User, UserRole, user_organisation
from register.extensions import db
from register.mail.models import Message, MessageState
from register.organisations.models import Organisation

LIST_CAP = 10
# States in which the school still has to act: then a signatory is needed.
WAITING_FOR_SCHOOL = (AgreementState.IN_REVIEW, AgreementState.AWAITING_SIGNATURE)


def lacks_signatory() -> sa.ColumnElement[bool]:
    """SQL: the agreement waits for its school, which has no active signatory."""
    has_signatory = (
        sa.select(user_organisation.c.user_id)
        .join(User, User.id == user_organisation.c.user_id)
        .where(
            user_organisation.c.organisation_id == Agreement.school_id,
            User.role == UserRole.CONTRACT_MANAGER,
            User.is_signatory.is_(True),
            User.is_active.is_(True),
        )
        .exists()
    )
    return sa.and_(Agreement.state.in_(WAITING_FOR_SCHOOL), ~has_signatory)


def has_no_signatory(agreement: Agreement) -> bool:
    """Whether staff should see "geen ondertekenaar" on this agreement."""
    return bool(
        db.session.scalar(
            sa.select(sa.literal(True)).where(Agreement.id == agreement.id, lacks_signatory())
        )
    )


def messages_about(kind: str, record_id: int) -> list[Message]:
    """Every message about a record, newest first (with delivery state)."""
    return list(
        db.session.scalars(
            sa.select(Message)
            .where(Message.about_kind == kind, Message.about_id == record_id)
            .order_by(Message.created_at.desc(), Message.id.desc())
        )
    )


@dataclass(frozen=True)
class WaitingAgreement:
    id: int
    number: str
    school: str
    state: AgreementState


@dataclass(frozen=True)
class FailedMessage:
    id: int
    recipient: str
    subject: str
    about_kind: str
    about_id: int | None
    last_error: str


@dataclass(frozen=True)
class MessagePanels:
    """The dashboard's view of e-mail: who cannot sign, what was not delivered."""

    without_signatory_count: int
    without_signatory: list[WaitingAgreement]
    failed_count: int
    failed: list[FailedMessage]


def message_panels() -> MessagePanels:
    """Four queries: a count and a short list for each panel."""
    session = db.session
    without = sa.select(Agreement.id).where(lacks_signatory())
    rows = session.execute(
        sa.select(Agreement.id, Agreement.number, Organisation.name, Agreement.state)
        .join(Organisation, Organisation.id == Agreement.school_id)
        .where(lacks_signatory())
        .order_by(Agreement.number)
        .limit(LIST_CAP)
    ).all()
    failed = sa.select(Message).where(Message.state == MessageState.FAILED)
    failed_rows = session.scalars(
        failed.order_by(Message.failed_at.desc(), Message.id.desc()).limit(LIST_CAP)
    ).all()
    return MessagePanels(
        without_signatory_count=session.scalar(
            sa.select(sa.func.count()).select_from(without.subquery())
        )
        or 0,
        without_signatory=[WaitingAgreement(*row) for row in rows],
        failed_count=session.scalar(sa.select(sa.func.count()).select_from(failed.subquery())) or 0,
        failed=[
            FailedMessage(m.id, m.recipient, m.subject, m.about_kind, m.about_id, m.last_error)
            for m in failed_rows
        ],
    )
