"""Authentication services: they flush, raise named errors and never commit."""

from __future__ import annotations

import sqlalchemy as sa

from register.audit.recorder import record_event
from register.auth.errors import InvalidCredentials
from register.auth.models import User
from register.auth.passwords import hash_password, needs_rehash, verify_password
from register.db import utcnow
from register.extensions import db


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address (case-insensitive)."""
    return db.session.scalars(
        sa.select(User).where(sa.func.lower(User.email) == email.strip().lower())
    ).first()


def authenticate(email: str, password: str) -> User:
    """Check the credentials, record the attempt and rehash an outdated hash."""
    user = find_user_by_email(email)
    ok = user is not None and user.is_active and verify_password(user.password_hash, password)
    if user is None:
        verify_password(None, password)
    if not ok:
        record_event(
            db.session,
            "login_failed",
            entity_type="user",
            entity_id=user.id if user else "",
            summary=email.strip()[:200],
        )
        raise InvalidCredentials()
    assert user is not None and user.password_hash is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    record_event(db.session, "login", entity_type="user", entity_id=user.id, summary=user.email)
    return user


def end_session(user: User) -> None:
    """Sign the user out everywhere by rotating the session token."""
    user.rotate_session_token()
    db.session.flush()
    record_event(db.session, "logout", entity_type="user", entity_id=user.id, summary=user.email)
