"""Authentication services: they flush, raise named errors and never commit."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from register.audit.context import Actor, acting_as, current_actor
from register.audit.recorder import record_event, set_audit_action
from register.auth.errors import AuthError, PasswordTooShort
from register.auth.models import AuthMethod, User
from register.auth.notices import send_password_changed
from register.auth.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from register.auth.tokens import find_valid_token
from register.db import utcnow
from register.extensions import db


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address (case-insensitive)."""
    return db.session.scalars(
        sa.select(User).where(sa.func.lower(User.email) == email.strip().lower())
    ).first()


def authenticate(email: str, password: str) -> User:
    """Check the password, audit a failure and rehash an outdated hash.

    The sign-in itself is recorded by `record_sign_in`, after the second factor if one is asked.
    """
    user = find_user_by_email(email)
    # Always one full argon2 check, so timing tells nothing about the account or its state.
    matches = verify_password(user.password_hash if user else None, password)
    ok = user is not None and user.is_active and matches
    if not ok:
        record_event(
            db.session,
            "login_failed",
            entity_type="user",
            entity_id=user.id if user else "",
            summary=email.strip()[:200],
        )
        raise AuthError(
            _l("Het e-mailadres of wachtwoord is onjuist, of het account is niet actief.")
        )
    assert user is not None and user.password_hash is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        set_audit_action(db.session, user, "rehash", user.email)
    db.session.flush()
    return user


def record_sign_in(user: User, method: AuthMethod) -> None:
    """Audit a completed sign-in (password, and the second factor where one was asked)."""
    # A sign-in is not an edit of the account: set the time without bumping the row version
    # (an admin's open edit form stays valid). The audit trail records the sign-in itself.
    db.session.execute(
        sa.update(User).where(User.id == user.id).values(last_login_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    with acting_as(Actor(id=user.id, email=user.email, ip=current_actor().ip)):
        record_event(
            db.session,
            "login",
            entity_type="user",
            entity_id=user.id,
            summary=f"{user.email} ({method.value})",
        )


def end_session(user: User) -> None:
    """Sign the user out everywhere by rotating the session token."""
    user.rotate_session_token()
    db.session.flush()
    record_event(db.session, "logout", entity_type="user", entity_id=user.id, summary=user.email)


def set_password(user: User, new_password: str, *, action: str = "password_change") -> None:
    """Store a new password hash and end every other session of the user."""
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort()
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.rotate_session_token()
    set_audit_action(db.session, user, action, user.email)
    db.session.flush()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change one's own password after re-authenticating with the current one."""
    if not verify_password(user.password_hash, current_password):
        record_event(
            db.session,
            "password_change_failed",
            entity_type="user",
            entity_id=user.id,
            summary=user.email,
        )
        raise AuthError(_l("Uw huidige wachtwoord is onjuist."))
    set_password(user, new_password)


def redeem_token(raw: str, new_password: str) -> User:
    """Use an invitation or reset link to choose a password; the link then stops working."""
    token = find_valid_token(raw)
    user = token.user
    had_password = user.password_hash is not None
    set_password(user, new_password, action=f"password_set_{token.purpose.value}")
    token.used_at = utcnow()
    set_audit_action(db.session, token, "use", user.email)
    db.session.flush()
    if had_password:
        send_password_changed(user)  # the other sessions ended (set_password); tell the user
    return user
