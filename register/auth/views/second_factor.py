"""The second factor: the code after the password, setting up an app, step-up before signing.

The code and enrolment pages serve a *pending* sign-in (password given, not signed in yet;
`register/auth/factors/session.py`); the account pages and the step-up serve signed-in users.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from register.auth import bp
from register.auth.access import public, require
from register.auth.errors import AuthError
from register.auth.factors.passkeys import has_passkey
from register.auth.factors.recovery import unused_count
from register.auth.factors.services import (
    begin_totp_enrolment,
    confirm_totp_enrolment,
    enrolment_secret,
    has_second_factor,
    has_totp,
    new_recovery_codes,
    verify_second_factor,
)
from register.auth.factors.session import (
    complete_sign_in,
    pending_next,
    pending_user,
    record_factor,
    require_recent_factor,
    session_method,
)
from register.auth.factors.totp import provisioning_uri, qr_svg
from register.auth.forms import CodeForm
from register.auth.models import AuthMethod, User
from register.auth.permissions import must_have_second_factor
from register.auth.redirects import safe_next
from register.auth.services import record_sign_in
from register.auth.session import SSO_PROVIDER
from register.extensions import db
from register.submitting import attach_error


def _expired() -> Response:
    flash(_("Uw aanmelding is verlopen. Meld u opnieuw aan."), "info")
    return redirect(url_for("auth.login"))


def _finish_sign_in(user: User, method: AuthMethod) -> None:
    record_sign_in(user, method)
    db.session.commit()
    complete_sign_in(user, method)


@bp.route("/aanmelden/code", methods=["GET", "POST"])
@public
def second_factor() -> Response | str:
    """After the password: a code from the authenticator app or a recovery code."""
    user = pending_user()
    if user is None:
        return _expired()
    if not has_second_factor(user):
        return redirect(url_for("auth.enrol"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            method = verify_second_factor(user, form.code.data or "")
        except AuthError as error:
            db.session.commit()  # keep the audit entry of the wrong code (the rate limit)
            attach_error(form, error)
        else:
            next_url = pending_next()
            _finish_sign_in(user, method)
            if method is AuthMethod.PASSWORD_RECOVERY_CODE:
                flash(
                    _(
                        "U heeft een herstelcode gebruikt; er zijn er nog %(count)d. Maak nieuwe "
                        "codes aan op uw accountpagina als u er weinig over heeft.",
                        count=unused_count(user),
                    ),
                    "info",
                )
            return redirect(next_url or url_for("auth.home"))
    return render_template(
        "auth/second_factor.html",
        form=form,
        has_totp=has_totp(user),
        has_passkey=has_passkey(user),
    )


@bp.route("/aanmelden/tweede-factor", methods=["GET", "POST"])
@public
def enrol() -> Response | str:
    """First sign-in of someone who must have a second factor: set up the authenticator app."""
    user = pending_user()
    if user is None:
        return _expired()
    if has_second_factor(user):
        return redirect(url_for("auth.second_factor"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = confirm_totp_enrolment(user, form.code.data or "")
        except AuthError as error:
            db.session.commit()  # keep the audit entry of the wrong code
            attach_error(form, error)
        else:
            next_url = pending_next()
            _finish_sign_in(user, AuthMethod.PASSWORD_TOTP)
            return render_template(
                "auth/recovery_codes.html", codes=codes, next_url=next_url or url_for("auth.home")
            )
        secret = enrolment_secret(user)
    else:
        secret = begin_totp_enrolment(user)
        db.session.commit()
    return _enrol_page(user, form, secret, required=True)


@bp.route("/account/tweede-factor", methods=["GET", "POST"])
@require()
def account_enrol() -> Response | str:
    """Set up an authenticator app by choice, or beside a passkey."""
    user = current_user._get_current_object()
    if has_totp(user):
        return redirect(url_for("auth.account"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = confirm_totp_enrolment(user, form.code.data or "")
        except AuthError as error:
            db.session.commit()
            attach_error(form, error)
        else:
            db.session.commit()
            record_factor(AuthMethod.PASSWORD_TOTP)
            return render_template(
                "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account")
            )
        secret = enrolment_secret(user)
    else:
        secret = begin_totp_enrolment(user)
        db.session.commit()
    return _enrol_page(user, form, secret, required=must_have_second_factor(user))


@bp.post("/account/herstelcodes")
@require()
def recovery_codes() -> Response | str:
    """Ten new recovery codes (the old ones stop working); needs a recent second factor."""
    if (ask := require_recent_factor(url_for("auth.account"))) is not None:
        return ask
    user = current_user._get_current_object()
    try:
        codes = new_recovery_codes(user)
    except AuthError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("auth.account"))
    db.session.commit()
    return render_template(
        "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account")
    )


@bp.route("/bevestigen", methods=["GET", "POST"])
@require()
def confirm() -> Response | str:
    """Step-up: give the second factor again before signing (valid five minutes)."""
    user = current_user._get_current_object()
    next_url = safe_next(request.args.get("next")) or url_for("auth.home")
    if session_method() is AuthMethod.SSO and session.get(SSO_PROVIDER):
        # Signed in through the institution: confirm there again.
        return redirect(url_for("auth.sso_start", key=session[SSO_PROVIDER], next=next_url))
    if not has_second_factor(user):
        flash(_("Stel eerst een tweede factor in."), "info")
        return redirect(url_for("auth.account_enrol"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            method = verify_second_factor(user, form.code.data or "")
        except AuthError as error:
            db.session.commit()
            attach_error(form, error)
        else:
            db.session.commit()
            record_factor(method)
            flash(_("Bevestigd. U kunt nu binnen vijf minuten ondertekenen."), "success")
            return redirect(next_url)
    return render_template(
        "auth/confirm.html", form=form, has_passkey=has_passkey(user), next_url=next_url
    )


def _enrol_page(user: User, form: CodeForm, secret: str, *, required: bool) -> str:
    uri = provisioning_uri(secret, user.email)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render_template(
        "auth/enrol.html",
        form=form,
        qr=Markup(qr_svg(uri)),  # noqa: S704  (segno draws paths only; no user text)
        secret=grouped,
        required=required,
    )
