"""One-time links for invitations and password resets: random, hashed, expiring, single-use."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from register.auth.errors import InvalidToken
from register.auth.models import OneTimeToken, TokenPurpose, User
from register.db import utcnow
from register.extensions import db

LIFETIME = {
    TokenPurpose.INVITE: dt.timedelta(hours=72),
    TokenPurpose.RESET: dt.timedelta(hours=24),
}


def token_digest(raw: str) -> str:
    """The stored form of a token: its SHA-256 (tokens are random, so no salt is needed)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User, purpose: TokenPurpose, lifetime: dt.timedelta | None = None) -> str:
    """Create a one-time token for the user and return it in the clear (shown only once).

    Earlier unused tokens of the user are withdrawn, so only the newest link works. The
    lifetime is the purpose's unless given (a self-service reset link lives shorter).
    """
    now = utcnow()
    for old in db.session.scalars(
        sa.select(OneTimeToken).where(
            OneTimeToken.user_id == user.id, OneTimeToken.used_at.is_(None)
        )
    ):
        if old.expires_at > now:
            old.expires_at = now
    raw = secrets.token_urlsafe(32)
    db.session.add(
        OneTimeToken(
            user=user,
            purpose=purpose,
            token_hash=token_digest(raw),
            created_at=now,
            expires_at=now + (lifetime or LIFETIME[purpose]),
        )
    )
    db.session.flush()
    return raw


def find_valid_token(raw: str) -> OneTimeToken:
    """The unused, unexpired token for this link of an active user; InvalidToken otherwise."""
    if not raw or len(raw) > 200:
        raise InvalidToken()
    token = db.session.scalars(
        sa.select(OneTimeToken).where(OneTimeToken.token_hash == token_digest(raw))
    ).first()
    if (
        token is None
        or token.used_at is not None
        or token.expires_at <= utcnow()
        or not token.user.is_active
    ):
        raise InvalidToken()
    return token
