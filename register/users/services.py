"""Inviting, changing, deactivating and reactivating users, and password-reset links."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from register.audit.recorder import set_audit_action
from register.auth.errors import PasswordTooShort
from register.auth.models import TokenPurpose, User, UserRole
from register.auth.passwords import MIN_PASSWORD_LENGTH, hash_password
from register.auth.services import find_user_by_email
from register.auth.tokens import issue_token
from register.db import utcnow
from register.extensions import db
from register.users.errors import LastAdmin, UserError
from register.users.organisations import resolve_organisations


@dataclass(frozen=True)
class UserCommand:
    """What an admin fills in for a user; organisations by BRIN, KvK or exact name."""

    name: str
    email: str
    role: UserRole
    organisations: tuple[str, ...] = field(default_factory=tuple)
    is_signatory: bool = False
    function: str = ""


def _apply(user: User, command: UserCommand) -> None:
    email = command.email.strip()
    other = find_user_by_email(email)
    if other is not None and other is not user:
        raise UserError(_l("Er bestaat al een account met dit e-mailadres."), field="email")
    if command.role is UserRole.CONTRACT_MANAGER:
        if not command.organisations:
            raise UserError(
                _l("Een contractbeheerder hoort bij minstens één school; vul die in."),
                field="organisations",
            )
        organisations = resolve_organisations(command.organisations)
    elif command.organisations:
        raise UserError(
            _l("Alleen een contractbeheerder hoort bij een of meer scholen; maak dit veld leeg."),
            field="organisations",
        )
    else:
        organisations = []
    if command.is_signatory and command.role is UserRole.AUDITOR:
        raise UserError(_l("Een auditor kan niet tekenbevoegd zijn."), field="is_signatory")
    # Load the collection before changing columns: a lazy load would autoflush them and
    # split one change into two audit entries.
    current_ids = {o.id for o in user.organisations}
    user.name = command.name.strip()
    user.email = email
    user.role = command.role
    user.function = command.function.strip()
    user.is_signatory = command.is_signatory
    if current_ids != {o.id for o in organisations}:
        user.organisations = organisations


def _active_admins_other_than(user: User) -> int:
    return db.session.execute(
        sa.select(sa.func.count())
        .select_from(User)
        .where(User.role == UserRole.ADMIN, User.is_active.is_(True), User.id != user.id)
    ).scalar_one()


def create_user(command: UserCommand, password: str | None = None) -> User:
    """Create a user, with a password (CLI) or without one (to be set through a link)."""
    user = User(name="", email="", role=command.role, is_active=True)
    _apply(user, command)
    if password is not None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise PasswordTooShort()
        user.password_hash = hash_password(password)
        user.password_changed_at = utcnow()
    db.session.add(user)
    db.session.flush()
    return user


def invite_user(command: UserCommand) -> tuple[User, str]:
    """Create a user without a password and a 72-hour invitation link (returned once)."""
    user = create_user(command)
    return user, issue_token(user, TokenPurpose.INVITE)


def update_user(user: User, command: UserCommand) -> None:
    """Change a user's details, role and organisations; the last active admin stays admin."""
    if (
        user.role is UserRole.ADMIN
        and command.role is not UserRole.ADMIN
        and user.is_active
        and _active_admins_other_than(user) == 0
    ):
        raise LastAdmin()
    _apply(user, command)
    db.session.flush()


def deactivate_user(user: User, acting_user: User | None) -> None:
    """Block a user and end their sessions (the session token rotates)."""
    if acting_user is not None and acting_user.id == user.id:
        raise UserError(_l("U kunt uw eigen account niet deactiveren."))
    if user.role is UserRole.ADMIN and user.is_active and _active_admins_other_than(user) == 0:
        raise LastAdmin()
    user.is_active = False
    user.rotate_session_token()
    set_audit_action(db.session, user, "deactivate", user.email)
    db.session.flush()


def reactivate_user(user: User) -> None:
    """Allow a deactivated user to sign in again (with their existing password)."""
    user.is_active = True
    set_audit_action(db.session, user, "reactivate", user.email)
    db.session.flush()


def reset_password_link(user: User) -> str:
    """A 24-hour link with which the user chooses a new password (returned once)."""
    if not user.is_active:
        raise UserError(_l("Dit account is gedeactiveerd; activeer het eerst opnieuw."))
    purpose = TokenPurpose.RESET if user.password_hash else TokenPurpose.INVITE
    return issue_token(user, purpose)
