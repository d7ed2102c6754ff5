"""Who receives a message about an agreement: users by role, else the school's address."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from register.agreements.models import Agreement
from register.auth.models import User, UserRole, user_organisation
from register.extensions import db
from register.organisations.models import Organisation

STAFF_ROLES = (UserRole.ADMIN, UserRole.PRIVACY)


def school_users(school_id: int, *, signatories_only: bool = False) -> list[User]:
    """The school's active contract managers (only its signatories, if asked), by e-mail."""
    statement = (
        sa.select(User)
        .join(user_organisation, user_organisation.c.user_id == User.id)
        .where(
            user_organisation.c.organisation_id == school_id,
            User.role == UserRole.CONTRACT_MANAGER,
            User.is_active.is_(True),
        )
        .order_by(User.email)
    )
    if signatories_only:
        statement = statement.where(User.is_signatory.is_(True))
    return list(db.session.scalars(statement))


def contact_address(school: Organisation) -> str:
    """The school's privacy contact from the register, else its general address."""
    return (school.privacy_contact_email or school.email or "").strip()


def staff_for(agreement: Agreement) -> list[User]:
    """Staff who handle this agreement (its author, who sent and who signed it), else all."""
    ids = {agreement.created_by_id}
    ids |= {event.user_id for event in agreement.events if event.action in ("send", "sign")}
    found = _active_staff(sa.and_(User.id.in_([i for i in ids if i is not None])))
    return found or _active_staff(User.role == UserRole.PRIVACY) or _active_staff(sa.true())


def _active_staff(condition: sa.ColumnElement[bool]) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(condition, User.role.in_(STAFF_ROLES), User.is_active.is_(True))
            .order_by(User.email)
        )
    )


def emails(users: Iterable[User]) -> list[str]:
    return [user.email for user in users]
