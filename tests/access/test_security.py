"""CSRF, security headers, no caching of personal pages, and error pages that leak nothing."""

import io
import re

import pytest
import sqlalchemy as sa
from flask import send_file

from register.audit.concurrency import StaleObject, check_version
from register.auth.access import require
from register.auth.models import User, UserRole
from register.auth.passwords import verify_password
from register.extensions import db
from register.security import add_security_headers
from tests.conftest import PASSWORD, AuthActions, totp_code


def _csrf_token(html):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def csrf_app(app, make_app):
    # `app` first: the factories use it, and this app must have CSRF on.
    return make_app(WTF_CSRF_ENABLED=True)


def _sign_in(app, user):
    client = app.test_client()
    token = _csrf_token(client.get("/aanmelden").get_data(as_text=True))
    response = client.post(
        "/aanmelden", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    if response.headers.get("Location") == "/aanmelden/code":
        token = _csrf_token(client.get("/aanmelden/code").get_data(as_text=True))
        response = client.post(
            "/aanmelden/code", data={"code": totp_code(user.email), "csrf_token": token}
        )
    assert response.status_code == 302
    return client


def test_post_without_csrf_token_is_refused_and_changes_nothing(csrf_app, make_user):
    admin = make_user(UserRole.ADMIN)
    client = _sign_in(csrf_app, admin)
    response = client.post(
        "/gebruikers/uitnodigen",
        data={"name": "Indringer", "email": "indringer@example.nl", "role": "admin"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Het formulier is verlopen" in body
    with csrf_app.app_context():
        assert (
            db.session.scalar(sa.select(User).where(User.email == "indringer@example.nl")) is None
        )


def test_password_change_without_csrf_token_changes_nothing(csrf_app, make_user):
    user = make_user()
    client = _sign_in(csrf_app, user)
    new = "een ander lang wachtwoord"
    response = client.post(
        "/account", data={"current_password": PASSWORD, "new_password": new, "confirm": new}
    )
    assert response.status_code == 400
    with csrf_app.app_context():
        stored = db.session.get(User, user.id)
        assert verify_password(stored.password_hash, PASSWORD)


def test_sign_out_needs_the_token_too(csrf_app, make_user):
    client = _sign_in(csrf_app, make_user())
    assert client.post("/afmelden").status_code == 400
    assert client.get("/account").status_code == 200
    token = _csrf_token(client.get("/account").get_data(as_text=True))
    assert client.post("/afmelden", data={"csrf_token": token}).status_code == 302
    assert client.get("/account").status_code == 302


def test_with_a_token_the_form_works(csrf_app, make_user):
    client = _sign_in(csrf_app, make_user(UserRole.ADMIN))
    token = _csrf_token(client.get("/gebruikers/uitnodigen").get_data(as_text=True))
    response = client.post(
        "/gebruikers/uitnodigen",
        data={"name": "Gast", "email": "gast@example.nl", "role": "auditor", "csrf_token": token},
    )
    assert response.status_code == 200 and "/wachtwoord/" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/aanmelden", "/account", "/gebruikers/", "/audit/", "/x"])
def test_headers_on_every_page(client, auth, make_user, path):
    auth.login_as(make_user(UserRole.ADMIN))
    response = client.get(path)
    headers = response.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"


def test_redirects_and_file_responses_are_not_cached(app, client):
    assert client.get("/account").headers["Cache-Control"] == "no-store"  # redirect
    with app.test_request_context("/overeenkomsten/1/document/pdf"):
        response = send_file(io.BytesIO(b"%PDF-1.7"), download_name="x.pdf", as_attachment=True)
        assert add_security_headers(response).headers["Cache-Control"] == "no-store"


def test_an_exception_gives_the_generic_page_without_details(make_app, make_user):
    app = make_app()

    @app.get("/stuk")
    @require()
    def broken():
        raise RuntimeError("geheime details: wachtwoord=hunter2 /srv/app/register.py")

    user = make_user()
    client = app.test_client()
    AuthActions(client).login(user.email)
    response = client.get("/stuk")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    assert "geheime" not in body and "hunter2" not in body and "Traceback" not in body
    assert response.headers["Cache-Control"] == "no-store"


def test_forbidden_page_is_dutch_and_generic(client, auth, make_user):
    auth.login_as(make_user(UserRole.AUDITOR))
    response = client.get("/gebruikers/uitnodigen")
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)


def test_check_version(app, make_user):
    user = make_user()
    with app.app_context():
        stored = db.session.get(User, user.id)
        check_version(stored, str(stored.version))
        for stale in (stored.version - 1, "", None, "x"):
            with pytest.raises(StaleObject) as caught:
                check_version(stored, stale)
            assert "intussen gewijzigd" in str(caught.value.message)
