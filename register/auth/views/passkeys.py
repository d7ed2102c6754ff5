"""Passkeys: add and remove them on the account page, use one after the password or to confirm.

Each ceremony is two JSON requests from `static/js/passkeys.js`: the options (a challenge
stored on the server) and the browser's answer (`register/auth/factors/passkeys.py`). The
answer is JSON too: where to go next, or the Dutch reason it was refused.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from register.auth import bp
from register.auth.access import public, require
from register.auth.errors import AuthError, PasskeyRefused
from register.auth.factors.passkeys import (
    add_passkey,
    authentication_options,
    registration_options,
    remove_passkey,
)
from register.auth.factors.recovery import unused_count
from register.auth.factors.services import verify_passkey_factor
from register.auth.factors.session import (
    complete_sign_in,
    pending_next,
    pending_user,
    record_factor,
)
from register.auth.models import Passkey
from register.auth.redirects import safe_next
from register.auth.services import record_sign_in
from register.extensions import db


def _refused(error: AuthError, status: int = 400) -> tuple[Response, int]:
    return jsonify(error=str(error.message)), status


def _options(options_json: str) -> Response:
    return Response(options_json, mimetype="application/json")


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


def _credential(data: dict[str, Any]) -> dict[str, Any]:
    credential = data.get("credential")
    if not isinstance(credential, dict):
        raise PasskeyRefused()
    return credential


@bp.post("/account/passkeys/opties")
@require()
def passkey_add_options() -> Response:
    """Options for making a new passkey for the signed-in user."""
    options = registration_options(current_user._get_current_object())
    db.session.commit()
    return _options(options)


@bp.post("/account/passkeys")
@require()
def passkey_add() -> Response | tuple[Response, int]:
    """Keep the passkey the browser just made, under the name the user gave it."""
    user = current_user._get_current_object()
    data = _body()
    had_codes = unused_count(user) > 0
    try:
        add_passkey(user, str(data.get("name", "")), _credential(data))
    except AuthError as error:
        db.session.commit()  # the challenge is used up; the refusal is audited
        return _refused(error)
    db.session.commit()
    flash(_("De passkey is toegevoegd."), "success")
    if not had_codes:
        flash(
            _(
                "Maak ook herstelcodes aan, voor als u uw passkey kwijtraakt: de knop staat "
                "hieronder."
            ),
            "info",
        )
    return jsonify(redirect=url_for("auth.account"))


@bp.post("/account/passkeys/<int:passkey_id>/verwijderen")
@require()
def passkey_remove(passkey_id: int) -> Response:
    """Remove one of the user's own passkeys (someone else's does not exist: 404)."""
    user = current_user._get_current_object()
    passkey = db.session.scalars(
        sa.select(Passkey).where(Passkey.id == passkey_id, Passkey.user_id == user.id)
    ).first()
    if passkey is None:
        abort(404)
    try:
        remove_passkey(user, passkey)
    except AuthError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("auth.account"))
    db.session.commit()
    flash(_("De passkey is verwijderd."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/aanmelden/passkey/opties")
@public
def passkey_sign_in_options() -> Response | tuple[Response, int]:
    """Options for signing in with a passkey, for the user whose password was just given."""
    user = pending_user()
    if user is None:
        return _refused(PasskeyRefused(), 401)
    try:
        options = authentication_options(user)
    except AuthError as error:
        return _refused(error)
    db.session.commit()
    return _options(options)


@bp.post("/aanmelden/passkey")
@public
def passkey_sign_in() -> Response | tuple[Response, int]:
    """The second step of signing in with a passkey's answer."""
    user = pending_user()
    if user is None:
        return _refused(PasskeyRefused(), 401)
    try:
        method = verify_passkey_factor(user, _credential(_body()))
    except AuthError as error:
        db.session.commit()  # keep the used-up challenge and the audited refusal
        return _refused(error)
    next_url = pending_next()
    record_sign_in(user, method)
    db.session.commit()
    complete_sign_in(user, method)
    return jsonify(redirect=next_url or url_for("auth.home"))


@bp.post("/bevestigen/passkey/opties")
@require()
def passkey_confirm_options() -> Response | tuple[Response, int]:
    """Options for confirming with a passkey before signing (step-up)."""
    try:
        options = authentication_options(current_user._get_current_object())
    except AuthError as error:
        return _refused(error)
    db.session.commit()
    return _options(options)


@bp.post("/bevestigen/passkey")
@require()
def passkey_confirm() -> Response | tuple[Response, int]:
    """Step-up with a passkey: signing is possible for the next five minutes."""
    data = _body()
    try:
        method = verify_passkey_factor(current_user._get_current_object(), _credential(data))
    except AuthError as error:
        db.session.commit()
        return _refused(error)
    db.session.commit()
    record_factor(method)
    flash(_("Bevestigd. U kunt nu binnen vijf minuten ondertekenen."), "success")
    return jsonify(redirect=safe_next(str(data.get("next", ""))) or url_for("auth.home"))
