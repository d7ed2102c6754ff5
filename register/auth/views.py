"""Sign-in, sign-out and the start page that sends each role to its own workspace."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from register.auth import bp
from register.auth.access import public, require
from register.auth.errors import AuthError
from register.auth.forms import LoginForm
from register.auth.permissions import is_contract_manager
from register.auth.services import authenticate, end_session
from register.auth.session import start_session
from register.extensions import db, limiter


def _login_limit() -> str:
    return current_app.config.get("LOGIN_RATE_LIMIT", "10 per 5 minutes")


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()[:200]


def _home_endpoint() -> str:
    if is_contract_manager(current_user):
        candidates = ("portal.index",)
    else:
        candidates = ("dashboard.index", "activities.index")
    for endpoint in candidates:
        if endpoint in current_app.view_functions:
            return endpoint
    return "auth.account"


@bp.get("/")
@public
def home() -> Response:
    """Send a signed-in user to their workspace, others to the sign-in page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(_home_endpoint()))


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/aanmelden", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key)
def login() -> Response | str:
    """Sign in with e-mail address and password."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if session.pop("timed_out", False):
        flash(_("Uw sessie is verlopen. Meld u opnieuw aan."), "info")
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data or "", form.password.data or "")
        except AuthError as error:
            db.session.commit()  # keep the audit entry of the failed attempt
            form.password.errors.append(_(error.message))
        else:
            db.session.commit()
            session.clear()
            login_user(user)
            start_session()
            return redirect(_safe_next(request.args.get("next")) or url_for("auth.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/afmelden")
@require()
def logout() -> Response:
    """Sign out: rotate the session token so every copy of the session cookie stops working."""
    end_session(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("U bent afgemeld."), "success")
    return redirect(url_for("auth.login"))


@bp.get("/account")
@require()
def account() -> str:
    """The signed-in user's own account page."""
    return render_template("auth/account.html")
