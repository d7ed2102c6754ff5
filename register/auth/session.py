"""Flask-Login wiring: the user loader, session time-outs and the audit actor."""

from __future__ import annotations

import datetime as dt
import functools

import sqlalchemy as sa
from flask import Flask, g, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from sqlalchemy.orm import joinedload

from register.audit.context import Actor
from register.auth.factors.services import asks_second_factor, second_factor_exists
from register.auth.models import User
from register.auth.sso import init_sso
from register.db import utcnow
from register.extensions import db, login_manager

SESSION_STARTED = "started_at"
SESSION_SEEN = "seen_at"
# `seen_at` moves on in steps of this many seconds: between them a request leaves the session
# as it is, so the cookie is not signed and sent again on every request. The idle limit then
# ends a session at most this much early, never late.
SEEN_STEP_SECONDS = 30
# When and how the last second factor was given in this session (register/auth/factors).
FACTOR_AT = "factor_at"
FACTOR_METHOD = "factor_method"
# After single sign-on: the identity provider's key and the assurance level (acr) it gave.
SSO_PROVIDER = "sso_provider"
FACTOR_ACR = "factor_acr"


@functools.cache
def _current_user() -> sa.Select[User, bool]:
    """Every request of a signed-in user asks who they are, which organisations they belong
    to (tenant scoping) and whether they have a second factor: one query answers all three
    (built once, when the mappers are complete)."""
    return (
        sa.select(User, second_factor_exists(User.id))
        .options(joinedload(User.organisations))
        .where(User.session_token == sa.bindparam("token"), User.is_active.is_(True))
    )


# Where the request keeps the second-factor answer of that load.
_LOADED_FACTOR = "user_has_second_factor"


def load_user(session_token: str) -> User | None:
    """Find the active user whose current session token this is, with their organisations."""
    row = db.session.execute(_current_user(), {"token": session_token}).unique().first()
    if row is None:
        return None
    user, has_factor = row
    if has_request_context():
        setattr(g, _LOADED_FACTOR, bool(has_factor))
    return user


def reset_session() -> None:
    """Forget everything in the session cookie except the chosen language."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def start_session() -> None:
    """Mark the start of a fresh signed-in session."""
    now = utcnow().timestamp()
    session.permanent = True
    session[SESSION_STARTED] = now
    session[SESSION_SEEN] = now


def _enforce_timeouts(app: Flask) -> None:
    if not current_user.is_authenticated or request.endpoint == "static":
        return
    now = utcnow().timestamp()
    idle = dt.timedelta(minutes=app.config["IDLE_TIMEOUT_MINUTES"]).total_seconds()
    absolute = dt.timedelta(hours=app.config["ABSOLUTE_TIMEOUT_HOURS"]).total_seconds()
    started = session.get(SESSION_STARTED, 0)
    seen = session.get(SESSION_SEEN, 0)
    if now - seen > idle or now - started > absolute:
        logout_user()
        reset_session()
        session["timed_out"] = True
        return
    if now - seen >= SEEN_STEP_SECONDS:
        session[SESSION_SEEN] = now


def _enforce_second_factor() -> None:
    """A session without a second factor ends for anyone who signs in with one.

    Sign-in only creates such sessions for users without a second factor; this catches
    sessions from before one was required or set up.
    """
    if not current_user.is_authenticated or request.endpoint == "static":
        return
    if FACTOR_AT not in session and asks_second_factor(current_user, g.get(_LOADED_FACTOR)):
        logout_user()
        reset_session()


def _set_actor() -> None:
    ip = request.remote_addr or ""
    if current_user.is_authenticated:
        g.audit_actor = Actor(id=current_user.id, email=current_user.email, ip=ip)
    else:
        g.audit_actor = Actor(id=None, email="anoniem", ip=ip)


def init_login(app: Flask) -> None:
    """Bind Flask-Login and the single sign-on clients; install the per-request session checks."""
    login_manager.init_app(app)
    init_sso(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Meld u aan om deze pagina te bekijken.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.permanent_session_lifetime = dt.timedelta(hours=app.config["ABSOLUTE_TIMEOUT_HOURS"])

    @app.before_request
    def _before() -> None:
        _enforce_timeouts(app)
        _enforce_second_factor()
        _set_actor()
