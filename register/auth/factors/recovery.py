"""Recovery codes: ten per user, random, shown once, stored as SHA-256, each usable once."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from register.auth.models import RecoveryCode, User
from register.db import utcnow
from register.extensions import db

COUNT = 10
# Ten characters of a 32-letter alphabet without look-alikes: 50 bits per code.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def code_digest(code: str) -> str:
    """The stored form: random codes need no salt (as the one-time links)."""
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    normalised = _normalise(code)
    return len(normalised) == 10 and all(c in _ALPHABET for c in normalised)


def replace_recovery_codes(user: User) -> list[str]:
    """Delete the user's codes and create ten new ones, returned in the clear (shown once)."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(COUNT):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=code_digest(raw)))
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Mark the matching unused code as used; False when there is none."""
    if not looks_like_recovery_code(code):
        return False
    found = db.session.scalars(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == code_digest(code),
            RecoveryCode.used_at.is_(None),
        )
    ).first()
    if found is None:
        return False
    found.used_at = utcnow()
    db.session.flush()
    return True


def unused_count(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
