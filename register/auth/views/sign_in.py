"""Sign-in, sign-out, the own account and the page behind an invitation or reset link."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from register.auth import bp
from register.auth.access import public, require
from register.auth.errors import AuthError, InvalidToken
from register.auth.factors.passkeys import passkeys_of
from register.auth.factors.recovery import unused_count
from register.auth.factors.services import asks_second_factor, has_second_factor, has_totp
from register.auth.factors.session import begin_pending_sign_in
from register.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    SetPasswordForm,
)
from register.auth.labels import auth_method_label, role_label
from register.auth.models import AuthMethod, User
from register.auth.notices import mail_configured
from register.auth.permissions import is_contract_manager
from register.auth.redirects import safe_next
from register.auth.reset import request_password_reset
from register.auth.services import (
    authenticate,
    change_password,
    end_session,
    record_sign_in,
    redeem_token,
)
from register.auth.session import reset_session, start_session
from register.auth.sso import sso_providers
from register.auth.throttle import (
    account_key,
    account_limit,
    failed_attempt,
    ip_key,
    ip_limit,
    throttled,
)
from register.auth.tokens import find_valid_token
from register.extensions import db, limiter
from register.submitting import attach_error


def _home_endpoint() -> str:
    candidates: tuple[str, ...]
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


@bp.route("/aanmelden", methods=["GET", "POST"])
@public
@limiter.limit(
    ip_limit, methods=["POST"], key_func=ip_key, deduct_when=failed_attempt, on_breach=throttled
)
@limiter.limit(
    account_limit,
    methods=["POST"],
    key_func=account_key,
    deduct_when=failed_attempt,
    on_breach=throttled,
)
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
            form.password.errors.append(str(error.message))
        else:
            return _after_password(user, request.args.get("next"))
    return render_template("auth/login.html", form=form)


def _after_password(user: User, next_url: str | None) -> Response:
    """Sign in, or, where a second factor is asked, go on to the code or to setting one up."""
    if asks_second_factor(user):
        db.session.commit()
        begin_pending_sign_in(user, next_url)
        if has_second_factor(user):
            return redirect(url_for("auth.second_factor"))
        return redirect(url_for("auth.enrol"))
    record_sign_in(user, AuthMethod.PASSWORD)
    db.session.commit()
    reset_session()
    login_user(user)
    start_session()
    return redirect(safe_next(next_url) or url_for("auth.home"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@public
def forgot_password() -> Response | str | tuple[str, int]:
    """Ask for a reset link by e-mail; the answer does not tell whether the address exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            request_password_reset(form.email.data or "", request.remote_addr or "")
        except AuthError as error:
            db.session.commit()  # keep the audit entry of the refused request
            attach_error(form, error)
            return render_template("auth/forgot_password.html", form=form), 429
        db.session.commit()
        flash(
            _(
                "Als er een actief account met dit e-mailadres bestaat, ontvangt u binnen enkele "
                "minuten een e-mail met een link om een nieuw wachtwoord te kiezen. De link is "
                "30 minuten geldig."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.post("/afmelden")
@require()
def logout() -> Response:
    """Sign out: rotate the session token so every copy of the session cookie stops working."""
    end_session(current_user._get_current_object())
    db.session.commit()
    logout_user()
    reset_session()
    flash(_("U bent afgemeld."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@require()
def account() -> Response | str:
    """The signed-in user's own account page, where they change their password."""
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(user, form.current_password.data or "", form.new_password.data or "")
        except AuthError as error:
            db.session.commit()  # keep the audit entry of the failed re-authentication
            form.current_password.errors.append(str(error.message))
        else:
            db.session.commit()
            login_user(user)  # the token rotated: keep this session, end all others
            flash(_("Uw wachtwoord is gewijzigd. Uw andere sessies zijn afgemeld."), "success")
            return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        form=form,
        has_second_factor=has_second_factor(user),
        has_totp=has_totp(user),
        passkeys=passkeys_of(user),
        recovery_codes_left=unused_count(user),
    )


@bp.route("/wachtwoord/<token>", methods=["GET", "POST"])
@public
def set_password(token: str) -> Response | str | tuple[str, int]:
    """Choose a password through a one-time invitation or reset link."""
    try:
        find_valid_token(token)
    except InvalidToken as error:
        return render_template("auth/link_invalid.html", message=str(error.message)), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = redeem_token(token, form.new_password.data or "")
        except AuthError:
            db.session.rollback()
            abort(404)
        db.session.commit()
        logout_user()
        flash(_("Uw wachtwoord is ingesteld."), "success")
        return _after_password(user, None)
    return render_template("auth/set_password.html", form=form)


bp.add_app_template_global(role_label)
bp.add_app_template_global(auth_method_label)
bp.add_app_template_global(mail_configured)
bp.add_app_template_global(sso_providers)
