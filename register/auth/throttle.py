"""Sign-in throttling per IP address and per account (Flask-Limiter).

Only failed attempts count (a successful sign-in redirects and is not deducted). When a
limit is reached the sign-in page is shown again with status 429, a Dutch message and the
e-mail address kept; the attempt is audited once.
"""

from __future__ import annotations

from flask import current_app, g, render_template, request
from flask.wrappers import Response
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address

from register.audit.recorder import record_event
from register.auth.forms import LoginForm
from register.extensions import db


def ip_limit() -> str:
    """Failed sign-ins allowed from one IP address (setting LOGIN_RATE_LIMIT_IP)."""
    return current_app.config["LOGIN_RATE_LIMIT_IP"]


def account_limit() -> str:
    """Failed sign-ins allowed for one e-mail address (setting LOGIN_RATE_LIMIT_ACCOUNT)."""
    return current_app.config["LOGIN_RATE_LIMIT_ACCOUNT"]


def ip_key() -> str:
    return "ip:" + (get_remote_address() or "")


def account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()[:200]


def failed_attempt(response: Response) -> bool:
    """Deduct only attempts that did not sign in (a success redirects)."""
    return response.status_code != 302


def throttled(limit: RequestLimit) -> Response:
    """The sign-in page with a Dutch message, status 429 and the e-mail address kept."""
    if not g.get("login_throttled"):
        g.login_throttled = True
        record_event(
            db.session,
            "login_throttled",
            entity_type="user",
            summary=(request.form.get("email") or "").strip()[:200],
        )
        db.session.commit()
    form = LoginForm()
    form.password.data = ""
    message = _(
        "Te veel mislukte aanmeldpogingen. Wacht %(minutes)d minuten en probeer het opnieuw.",
        minutes=max(1, limit.limit.get_expiry() // 60),
    )
    html = render_template("auth/login.html", form=form, throttle_message=message)
    response = current_app.make_response((html, 429))
    response.headers["Retry-After"] = str(limit.limit.get_expiry())
    return response
