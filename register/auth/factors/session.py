"""The second step of signing in, and the step-up that signing an agreement asks for.

After a correct password a user who needs a second factor is *not* signed in: the session
holds only a pending sign-in (their session token and the time), good for ten minutes, which
the code page or the enrolment page completes. A signed-in session remembers when the last
second factor was given and how; signing needs one from the last five minutes.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from register.auth.models import AuthMethod, User
from register.auth.redirects import safe_next
from register.auth.session import (
    FACTOR_ACR,
    FACTOR_AT,
    FACTOR_METHOD,
    reset_session,
    start_session,
)
from register.db import utcnow
from register.extensions import db

PENDING = "pending_sign_in"
PENDING_LIFETIME = dt.timedelta(minutes=10)
STEP_UP_LIFETIME = dt.timedelta(minutes=5)


def begin_pending_sign_in(user: User, next_url: str | None) -> None:
    """Remember that the password was right; the second factor still has to follow."""
    reset_session()
    session[PENDING] = {
        "token": user.session_token,
        "at": utcnow().timestamp(),
        "next": safe_next(next_url) or "",
    }


def pending_user() -> User | None:
    """The user whose password was given in this session in the last ten minutes."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if utcnow().timestamp() - float(pending.get("at", 0)) > PENDING_LIFETIME.total_seconds():
        session.pop(PENDING, None)
        return None
    return db.session.scalars(
        sa.select(User).where(
            User.session_token == str(pending.get("token", "")), User.is_active.is_(True)
        )
    ).first()


def pending_next() -> str:
    """Where the pending sign-in was headed (a safe local path, or empty)."""
    pending = session.get(PENDING)
    return str(pending.get("next", "")) if isinstance(pending, dict) else ""


def complete_sign_in(user: User, method: AuthMethod) -> None:
    """Sign the user in with a fresh session that knows when and how the factor was given."""
    reset_session()
    login_user(user)
    start_session()
    record_factor(method)


def record_factor(method: AuthMethod) -> None:
    """Note in the session that a second factor was given just now."""
    session[FACTOR_AT] = utcnow().timestamp()
    session[FACTOR_METHOD] = method.value


def has_recent_factor() -> bool:
    """Whether a second factor was given in this session in the last five minutes."""
    given = session.get(FACTOR_AT)
    return given is not None and (
        utcnow().timestamp() - float(given) <= STEP_UP_LIFETIME.total_seconds()
    )


def session_method() -> AuthMethod:
    """How the signed-in user proved who they are in this session."""
    try:
        return AuthMethod(session.get(FACTOR_METHOD, AuthMethod.PASSWORD.value))
    except ValueError:
        return AuthMethod.PASSWORD


def signature_method() -> str:
    """What a signature records: how the signer signed in, after SSO with the assurance level.

    For example `password+totp`, `passkey`, or `sso:http://refeds.org/assurance/profile/espresso`.
    """
    method = session_method()
    acr = session.get(FACTOR_ACR)
    if method is AuthMethod.SSO and acr:
        return f"{method.value}:{acr}"
    return method.value


def require_recent_factor(back_to: str) -> Response | None:
    """Hook for signing: None when a factor was given recently, else a redirect to give one.

    `back_to` is the page to return to afterwards (the agreement, where signing continues).
    """
    if has_recent_factor() or not current_user.is_signatory:
        return None  # (someone without signing authority is refused by the signing itself)
    flash(_("Bevestig eerst met uw tweede factor dat u het bent; daarna kunt u ondertekenen."))
    return redirect(url_for("auth.confirm", next=back_to))
