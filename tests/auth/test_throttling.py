"""Sign-in throttling per IP address and per account, with the limiter switched on."""

import pytest
import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.extensions import db, limiter
from tests.conftest import PASSWORD

WRONG = "wrong password!!"


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def limited_app(user, make_app):
    # Flask-Limiter is one shared object and the last app built decides whether it is on,
    # so every other app (the factories build some) must exist before this one.
    app = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT_ACCOUNT="3 per 15 minutes",
        LOGIN_RATE_LIMIT_IP="5 per 15 minutes",
    )
    with app.app_context():
        limiter.reset()
    return app


def _attempt(client, email, password=WRONG, ip="10.0.0.1"):
    return client.post(
        "/aanmelden",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def _actions(app):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_account_is_throttled_after_failed_attempts(limited_app, user):
    client = limited_app.test_client()
    for _ in range(3):
        assert _attempt(client, user.email).status_code == 200
    response = _attempt(client, user.email, password=PASSWORD)
    body = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Te veel mislukte aanmeldpogingen" in body
    assert "15 minuten" in body
    assert f'value="{user.email}"' in body
    assert PASSWORD not in body
    assert response.headers["Retry-After"] == "900"
    # Still refused from another address: the limit is per account too.
    assert _attempt(client, user.email, password=PASSWORD, ip="10.9.9.9").status_code == 429
    actions = _actions(limited_app)
    assert actions.count("login_failed") == 3
    assert actions.count("login_throttled") == 2
    assert "login" not in actions


def test_ip_address_is_throttled_across_accounts(limited_app, user):
    client = limited_app.test_client()
    for n in range(5):
        assert _attempt(client, f"iemand{n}@example.nl").status_code == 200
    assert _attempt(client, user.email, password=PASSWORD).status_code == 429
    assert _attempt(client, user.email, password=PASSWORD, ip="10.0.0.2").status_code == 302


def test_successful_sign_ins_do_not_count(limited_app, user):
    for _ in range(6):
        client = limited_app.test_client()
        assert _attempt(client, user.email, password=PASSWORD).status_code == 302


def test_the_sign_in_page_itself_is_not_throttled(limited_app, user):
    client = limited_app.test_client()
    for _ in range(4):
        _attempt(client, user.email)
    assert client.get("/aanmelden").status_code == 200
