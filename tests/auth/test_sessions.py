"""Sessions: time-outs, invalidation on password change and deactivation, re-authentication."""

import datetime as dt

import pytest
import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.auth.models import User, UserRole
from register.auth.passwords import verify_password
from register.auth.session import SESSION_SEEN, SESSION_STARTED
from register.extensions import db
from tests.conftest import PASSWORD, AuthActions

NEW_PASSWORD = "a new and long passphrase"


def _shift(client, key, delta):
    with client.session_transaction() as session:
        session[key] = session[key] - delta.total_seconds()


def _matches(app, stored_hash, password):
    with app.app_context():
        return verify_password(stored_hash, password)


def _user(app, user_id):
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def test_idle_timeout_signs_out(app, client, auth, make_user):
    auth.login_as(make_user())
    assert client.get("/account").status_code == 200
    _shift(client, SESSION_SEEN, dt.timedelta(minutes=app.config["IDLE_TIMEOUT_MINUTES"] + 1))
    response = client.get("/account")
    assert response.status_code == 302
    assert "/aanmelden" in response.headers["Location"]
    page = client.get("/aanmelden").get_data(as_text=True)
    assert "Uw sessie is verlopen" in page


def test_activity_within_the_idle_limit_keeps_the_session(app, client, auth, make_user):
    auth.login_as(make_user())
    _shift(client, SESSION_SEEN, dt.timedelta(minutes=app.config["IDLE_TIMEOUT_MINUTES"] - 1))
    assert client.get("/account").status_code == 200
    with client.session_transaction() as session:
        assert session[SESSION_SEEN] == pytest.approx(dt.datetime.now(dt.UTC).timestamp(), abs=5)


def test_absolute_timeout_signs_out_an_active_session(app, client, auth, make_user):
    auth.login_as(make_user())
    _shift(
        client, SESSION_STARTED, dt.timedelta(hours=app.config["ABSOLUTE_TIMEOUT_HOURS"], seconds=1)
    )
    assert client.get("/account").status_code == 302


def test_change_password_needs_the_current_password(app, client, auth, make_user):
    user = make_user()
    auth.login_as(user)
    response = client.post(
        "/account",
        data={
            "current_password": "not my password",
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Uw huidige wachtwoord is onjuist." in response.get_data(as_text=True)
    stored = _user(app, user.id)
    assert _matches(app, stored.password_hash, PASSWORD)
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "password_change_failed" in actions


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("kort", "kort", "minstens 12"),
        ("elf tekens!", "elf tekens!", "minstens 12"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "niet gelijk"),
        ("", "", "Kies een nieuw wachtwoord."),
    ],
)
def test_change_password_validation_in_dutch(app, client, auth, make_user, new, confirm, message):
    user = make_user()
    auth.login_as(user)
    response = client.post(
        "/account", data={"current_password": PASSWORD, "new_password": new, "confirm": confirm}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _matches(app, _user(app, user.id).password_hash, PASSWORD)


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, auth, make_user):
    user = make_user()
    other_device = app.test_client()
    AuthActions(other_device).login(user.email)
    assert other_device.get("/account").status_code == 200
    auth.login_as(user)
    response = client.post(
        "/account",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    stored = _user(app, user.id)
    assert _matches(app, stored.password_hash, NEW_PASSWORD)
    assert stored.password_changed_at is not None
    auth.logout()
    assert auth.login(user.email, PASSWORD).status_code == 200
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302


def test_deactivation_ends_the_session(app, client, auth, make_user):
    user = make_user()
    auth.login_as(user)
    with app.app_context():
        stored = db.session.get(User, user.id)
        stored.is_active = False
        stored.rotate_session_token()
        db.session.commit()
    assert client.get("/account").status_code == 302
    assert auth.login(user.email).status_code == 200


def test_outdated_hash_is_rehashed_on_sign_in(make_app, make_user):
    user = make_user(UserRole.AUDITOR)
    app = make_app(ARGON2_TIME_COST=2)
    client = app.test_client()
    before = _user(app, user.id).password_hash
    assert "t=1" in before
    assert client.post("/aanmelden", data={"email": user.email, "password": PASSWORD}).status_code
    after = _user(app, user.id).password_hash
    assert "t=2" in after and after != before
    assert _matches(app, after, PASSWORD)
    with app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "rehash")).one()
    assert entry.changes["password_hash"] == ["***", "***"]


def test_passwords_are_argon2id(app, make_user):
    assert _user(app, make_user().id).password_hash.startswith("$argon2id$")


def test_unsafe_next_is_ignored(client, make_user):
    user = make_user()
    response = AuthActions(client).login(user.email, next="//evil.example/x")
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]


def test_sign_in_is_case_insensitive_and_clears_the_old_session(client, make_user):
    user = make_user(email="Iemand@Example.nl")
    with client.session_transaction() as session:
        session["planted"] = "x"
    response = AuthActions(client).login("iemand@example.NL")
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
    assert user.email == "Iemand@Example.nl"


def test_signing_in_does_not_make_an_open_edit_form_stale(app, auth, make_user):
    from register.auth.models import User
    from register.extensions import db

    user = make_user()
    auth.login_as(user)
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored.last_login_at is not None
        assert stored.version == user.version


def test_a_tab_cannot_smuggle_an_external_redirect_after_sign_in(client, make_user):
    user = make_user()
    response = AuthActions(client).login(user.email, next="/%09/evil.example")
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_the_chosen_language_survives_signing_in_and_out(client, auth, make_user):
    client.post("/taal", data={"lang": "en", "next": "/"})
    user = make_user()
    auth.login_as(user)
    with client.session_transaction() as stored:
        assert stored["locale"] == "en"
    auth.logout()
    with client.session_transaction() as stored:
        assert stored["locale"] == "en"
