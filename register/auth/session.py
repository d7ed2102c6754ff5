"""Flask-Login wiring: the user loader, session time-outs and the audit actor."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from register.audit.context import Actor
from register.auth.factors.services import asks_second_factor
from register.auth.models import User
from register.auth.sso import init_sso
from register.db import utcnow
from register.extensions import db, login_manager

SESSION_STARTED = "started_at"
SESSION_SEEN = "seen_at"
# When and how the last second factor was given in this session (register/auth/factors).
FACTOR_AT = "factor_at"
FACTOR_METHOD = "factor_method"
# After single sign-on: the identity provider's key and the assurance level (acr) it gave.
SSO_PROVIDER = "sso_provider"
FACTOR_ACR = "factor_acr"


def load_user(session_token: str) -> User | None:
    """Find the active user whose current session token this is."""
    return db.session.scalars(
        sa.select(User).where(User.session_token == session_token, User.is_active.is_(True))
    ).first()


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
    session[SESSION_SEEN] = now


def _enforce_second_factor() -> None:
    """A session without a second factor ends for anyone who signs in with one.

    Sign-in only creates such sessions for users without a second factor; this catches
    sessions from before one was required or set up.
    """
    if not current_user.is_authenticated or request.endpoint == "static":
        return
    if FACTOR_AT not in session and asks_second_factor(current_user):
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
