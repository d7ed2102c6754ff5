"""Second-factor services: enrol, verify, new recovery codes, reset. They flush, never commit.

Every change to a factor is an audit event (`record_event`), never a row diff: the secret and
the code hashes stay out of the trail.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from register.audit.models import AuditEntry
from register.audit.recorder import record_event, set_audit_action
from register.auth.errors import AuthError, NoSecondFactor, WrongCode
from register.auth.factors.encryption import decrypt_secret, encrypt_secret
from register.auth.factors.passkeys import verify_passkey
from register.auth.factors.recovery import replace_recovery_codes, use_recovery_code
from register.auth.factors.totp import matching_step, new_secret
from register.auth.models import (
    AuthMethod,
    Passkey,
    RecoveryCode,
    TotpFactor,
    User,
    WebauthnChallenge,
)
from register.auth.permissions import must_have_second_factor
from register.db import utcnow
from register.extensions import db

# Wrong codes allowed per account in a sliding window before codes are refused for a while.
MAX_FAILED_CODES = 5
FAILED_CODES_WINDOW = dt.timedelta(minutes=15)
FAILED = "second_factor_failed"


def _event(user: User, action: str, summary: str = "") -> None:
    record_event(
        db.session, action, entity_type="user", entity_id=user.id, summary=summary or user.email
    )


def totp_factor(user: User) -> TotpFactor | None:
    """The user's authenticator app, confirmed or still being set up."""
    return db.session.scalars(sa.select(TotpFactor).where(TotpFactor.user_id == user.id)).first()


def has_totp(user: User) -> bool:
    """Whether the user has a confirmed authenticator app."""
    factor = totp_factor(user)
    return factor is not None and factor.confirmed_at is not None


def second_factor_exists(user_id: sa.SQLColumnExpression[int] | int) -> sa.ColumnElement[bool]:
    """SQL: the user `user_id` has a confirmed authenticator app or a passkey.

    A column of the per-request user load (register/auth/session.py), so the check every
    request of a signed-in user makes costs no query of its own.
    """
    confirmed_totp = (
        sa.select(TotpFactor.id)
        .where(TotpFactor.user_id == user_id, TotpFactor.confirmed_at.is_not(None))
        .exists()
    )
    passkey = sa.select(Passkey.id).where(Passkey.user_id == user_id).exists()
    return sa.or_(confirmed_totp, passkey)


def has_second_factor(user: User) -> bool:
    """Whether the user has a confirmed authenticator app or a passkey (one query)."""
    return bool(db.session.scalar(sa.select(second_factor_exists(user.id))))


def asks_second_factor(user: User, has_factor: bool | None = None) -> bool:
    """Whether signing in takes a second step: required for the role, or set up by choice.

    `has_factor`, when the caller already knows it, saves the query.
    """
    if must_have_second_factor(user):
        return True
    return has_second_factor(user) if has_factor is None else has_factor


def begin_totp_enrolment(user: User) -> str:
    """A new, unconfirmed authenticator secret for the user (returned for the QR code)."""
    factor = totp_factor(user)
    if factor is not None and factor.confirmed_at is not None:
        raise AuthError(_l("Er is al een authenticator-app ingesteld voor dit account."))
    secret = new_secret()
    if factor is None:
        factor = TotpFactor(user_id=user.id, secret_encrypted=encrypt_secret(secret))
        db.session.add(factor)
    else:
        factor.secret_encrypted = encrypt_secret(secret)
        factor.created_at = utcnow()
        factor.last_used_step = None
    db.session.flush()
    _event(user, "totp_enrolment_started")
    return secret


def enrolment_secret(user: User) -> str:
    """The secret of the authenticator being set up (shown again after a wrong code)."""
    factor = totp_factor(user)
    if factor is None or factor.confirmed_at is not None:
        raise NoSecondFactor()
    return decrypt_secret(factor.secret_encrypted)


def confirm_totp_enrolment(user: User, code: str) -> list[str]:
    """Confirm the new authenticator with a code from it; returns ten fresh recovery codes."""
    _refuse_when_throttled(user)
    factor = totp_factor(user)
    if factor is None or factor.confirmed_at is not None:
        raise NoSecondFactor()
    step = matching_step(factor, code)
    if step is None:
        _event(user, FAILED, "enrolment")
        raise WrongCode()
    factor.confirmed_at = utcnow()
    factor.last_used_step = step
    codes = replace_recovery_codes(user)
    _event(user, "totp_enrolled")
    return codes


def verify_second_factor(user: User, code: str) -> AuthMethod:
    """Check a code from the app (once per step) or an unused recovery code.

    A wrong code is an audit event; the events of the last 15 minutes are the rate limit.
    """
    _refuse_when_throttled(user)
    if not has_second_factor(user):
        raise NoSecondFactor()
    factor = totp_factor(user)
    step = matching_step(factor, code) if factor and factor.confirmed_at else None
    if factor is not None and step is not None:
        factor.last_used_step = step
        db.session.flush()
        return AuthMethod.PASSWORD_TOTP
    if use_recovery_code(user, code):
        _event(user, "recovery_code_used")
        return AuthMethod.PASSWORD_RECOVERY_CODE
    _event(user, FAILED)
    raise WrongCode()


def verify_passkey_factor(user: User, credential: dict[str, object]) -> AuthMethod:
    """Check a passkey's answer to the open challenge, within the limit on failed attempts."""
    _refuse_when_throttled(user)
    verify_passkey(user, credential)
    return AuthMethod.PASSKEY


def _refuse_when_throttled(user: User) -> None:
    since = utcnow() - FAILED_CODES_WINDOW
    failed = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.entity_type == "user",
                AuditEntry.entity_id == str(user.id),
                AuditEntry.created_at >= since,
                AuditEntry.action == FAILED,
            )
        )
        or 0
    )
    if failed >= MAX_FAILED_CODES:
        _event(user, "second_factor_throttled")
        raise AuthError(
            _l(
                "Te veel onjuiste codes. Wacht %(minutes)d minuten en probeer het opnieuw.",
                minutes=FAILED_CODES_WINDOW // dt.timedelta(minutes=1),
            ),
            field="code",
        )


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes by ten new ones (the old ones stop working)."""
    if not has_second_factor(user):
        raise NoSecondFactor()
    codes = replace_recovery_codes(user)
    _event(user, "recovery_codes_replaced")
    return codes


def reset_second_factor(user: User) -> None:
    """Remove the user's authenticator, passkeys and recovery codes; end their sessions (admin).

    Someone who must have a second factor sets up a new one at their next sign-in.
    """
    db.session.execute(sa.delete(TotpFactor).where(TotpFactor.user_id == user.id))
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(Passkey).where(Passkey.user_id == user.id))
    db.session.execute(sa.delete(WebauthnChallenge).where(WebauthnChallenge.user_id == user.id))
    user.rotate_session_token()
    set_audit_action(db.session, user, "second_factor_reset", user.email)
    db.session.flush()
