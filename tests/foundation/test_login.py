"""Signing in and out through the real form."""

import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.auth.models import User, UserRole
from register.extensions import db


def test_sign_in_and_out(client, auth, make_user, app):
    user = make_user(UserRole.PRIVACY)
    response = auth.login(user.email)
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/account").status_code == 302
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert "login" in actions and "logout" in actions


def test_wrong_password_keeps_email_and_is_audited(client, auth, make_user, app):
    user = make_user(UserRole.AUDITOR)
    response = auth.login(user.email, "wrong password!!")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "onjuist" in body
    assert f'value="{user.email}"' in body
    with app.app_context():
        failed = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "login_failed")
        ).one()
        assert failed.entity_id == str(user.id)


def test_sign_out_invalidates_a_copied_session_cookie(app, auth, client, make_user):
    user = make_user(UserRole.PRIVACY)
    auth.login_as(user)
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/account").status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).session_token != user.session_token
