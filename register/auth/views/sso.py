"""Single sign-on: off to the school board's identity provider and back (`register/auth/sso.py`)."""

from __future__ import annotations

import requests
from authlib.common.errors import AuthlibBaseError
from flask import abort, flash, redirect, request, session, url_for
from flask_login import current_user
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from register.audit.recorder import record_event
from register.auth import bp
from register.auth.access import public
from register.auth.errors import AuthError, SsoRefused
from register.auth.factors.session import complete_sign_in
from register.auth.models import AuthMethod
from register.auth.redirects import safe_next
from register.auth.services import record_sign_in
from register.auth.session import FACTOR_ACR, SSO_PROVIDER
from register.auth.sso import claims_options, client, providers, sso_user
from register.extensions import db

SSO_NEXT = "sso_next"


def _back_to_sign_in(message: object) -> Response:
    flash(str(message), "error")
    return redirect(url_for("auth.login"))


@bp.get("/aanmelden/instelling/<key>")
@public
def sso_start(key: str) -> Response:
    """Go to the school board's identity provider to sign in (or to confirm before signing)."""
    oidc = client(key)
    if oidc is None:
        abort(404)
    session[SSO_NEXT] = safe_next(request.args.get("next")) or ""
    try:
        # Confirming before signing: ask the provider to authenticate again, not to reuse
        # its own session.
        extra = {"prompt": "login"} if current_user.is_authenticated else {}
        redirect_to: Response = oidc.authorize_redirect(
            url_for("auth.sso_callback", key=key, _external=True), **extra
        )
    except (AuthlibBaseError, requests.RequestException, ValueError, KeyError):
        return _back_to_sign_in(SsoRefused.message)  # the provider cannot be reached
    return redirect_to


@bp.get("/aanmelden/instelling/<key>/terug")
@public
def sso_callback(key: str) -> Response:
    """Back from the identity provider: check the ID token, find the user, sign in."""
    provider, oidc = providers().get(key), client(key)
    if provider is None or oidc is None:
        abort(404)
    try:
        token = oidc.authorize_access_token(claims_options=claims_options(provider), leeway=60)
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise SsoRefused()
        user = sso_user(provider, claims)
    except AuthError as error:
        db.session.commit()  # keep the audited refusal
        return _back_to_sign_in(error.message)
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError) as error:
        # A token that fails Authlib's checks (signature, issuer, audience, nonce, expiry;
        # Authlib 1.6+ raises joserfc's errors for those) or a provider that cannot be reached.
        db.session.rollback()
        record_event(
            db.session, "sso_refused", entity_type="sso", entity_id=key, summary=repr(error)[:500]
        )
        db.session.commit()
        return _back_to_sign_in(SsoRefused.message)
    if current_user.is_authenticated and current_user.id != user.id:
        db.session.rollback()  # a confirmation before signing by someone else
        return _back_to_sign_in(SsoRefused.message)
    next_url = session.get(SSO_NEXT, "")
    record_sign_in(user, AuthMethod.SSO)
    db.session.commit()
    complete_sign_in(user, AuthMethod.SSO)
    session[SSO_PROVIDER] = key
    session[FACTOR_ACR] = str(claims.get("acr") or "")[:150]
    return redirect(next_url or url_for("auth.home"))
