"""Recovery codes: ten per user, random, shown once, stored as SHA-256, each usable once.

A code has 24 characters of a 31-letter alphabet, about 119 bits: above the 112 bits from
which ASVS 5.0 (6.5.2) allows a plain hash instead of a salted password hash.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from register.auth.models import RecoveryCode, User
from register.db import utcnow
from register.extensions import db

COUNT = 10
# An alphabet without look-alikes (no i, l, o, 0, 1).
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LENGTH = 24
GROUP = 6


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def code_digest(code: str) -> str:
    """The stored form: random codes need no salt (as the one-time links)."""
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    """Whether the text has the shape of a recovery code (hyphens and case ignored)."""
    normalised = _normalise(code)
    return len(normalised) == LENGTH and all(c in _ALPHABET for c in normalised)


def replace_recovery_codes(user: User) -> list[str]:
    """Delete the user's codes and create ten new ones, returned in the clear (shown once)."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(COUNT):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(LENGTH))
        codes.append("-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP)))
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
    """How many of the user's recovery codes are still unused."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )
