"""Invitations and password resets by e-mail, read from a real SMTP server in the process."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.auth.models import OneTimeToken, User, UserRole
from register.extensions import db
from tests.conftest import PASSWORD, AuthActions, body_html, body_text, enrol_on_page

NEW_PASSWORD = "een heel nieuw wachtwoord"
SAME_ANSWER = "Als er een actief account met dit e-mailadres bestaat"


@pytest.fixture
def mail_app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url, PUBLIC_BASE_URL="https://register.example.nl")


def _link_in(message) -> str:
    match = re.search(
        r"https://register\.example\.nl(/wachtwoord/[A-Za-z0-9_-]+)", body_text(message)
    )
    assert match, "no one-time link in the message"
    return match.group(1)


def _actions(app):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_forgot_password_mails_a_short_lived_link_that_works_once(
    mail_app, smtp_server, run_jobs, make_user
):
    user = make_user(UserRole.AUDITOR)
    other_device = mail_app.test_client()
    AuthActions(other_device).login_as(user)

    visitor = mail_app.test_client()
    assert "Wachtwoord vergeten?" in visitor.get("/aanmelden").text
    known = visitor.post("/wachtwoord-vergeten", data={"email": user.email.upper()})
    unknown = visitor.post("/wachtwoord-vergeten", data={"email": "niemand@example.nl"})
    # The same answer, whether or not the address has an account.
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/aanmelden"
    page = visitor.get("/aanmelden").text
    assert SAME_ANSWER in page

    run_jobs(mail_app)
    [message] = smtp_server.wait_for(1)
    assert message["To"] == user.email
    assert message["Subject"] == "Nieuw wachtwoord kiezen voor het verwerkingsregister"
    assert "30 minuten geldig" in body_text(message)
    link = _link_in(message)
    assert f'href="https://register.example.nl{link}"' in body_html(message)
    with mail_app.app_context():
        token = db.session.scalars(sa.select(OneTimeToken)).one()
        assert (token.expires_at - token.created_at).total_seconds() == 30 * 60
        assert link.rsplit("/", 1)[1] != token.token_hash

    chosen = visitor.post(link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert chosen.status_code == 302
    assert visitor.get("/account").status_code == 200
    # The reset ended the other session and the user is told by e-mail.
    assert other_device.get("/account").status_code == 302
    run_jobs(mail_app)
    messages = smtp_server.wait_for(2)
    changed = [m for m in messages if m["Subject"].startswith("Uw wachtwoord")]
    assert len(changed) == 1 and changed[0]["To"] == user.email
    assert "andere sessies zijn afgemeld" in body_text(changed[0])
    # The link worked once.
    assert mail_app.test_client().get(link).status_code == 404
    assert AuthActions(mail_app.test_client()).login(user.email, PASSWORD).status_code == 200
    assert _actions(mail_app).count("password_reset_requested") == 2


def test_forgot_password_is_rate_limited_per_address(mail_app, smtp_server, run_jobs, make_user):
    user = make_user(UserRole.AUDITOR)
    client = mail_app.test_client()
    for _ in range(3):
        assert client.post("/wachtwoord-vergeten", data={"email": user.email}).status_code == 302
    refused = client.post("/wachtwoord-vergeten", data={"email": user.email})
    assert refused.status_code == 429
    assert "te veel aanvragen" in refused.text
    assert f'value="{user.email}"' in refused.text
    # An unknown address is limited the same way: the limit tells nothing about accounts.
    for _ in range(3):
        client.post("/wachtwoord-vergeten", data={"email": "niemand@example.nl"})
    assert (
        client.post("/wachtwoord-vergeten", data={"email": "niemand@example.nl"}).status_code == 429
    )
    run_jobs(mail_app)
    assert len(smtp_server.wait_for(3, timeout=3)) == 3
    assert "password_reset_throttled" in _actions(mail_app)


def test_the_users_page_mails_the_invitation(
    mail_app, smtp_server, run_jobs, make_user, make_organisation
):
    school = make_organisation(name="Stichting De Linde", brin="44XY")
    admin = make_user(UserRole.ADMIN)
    client = mail_app.test_client()
    AuthActions(client).login_as(admin)
    response = client.post(
        "/gebruikers/uitnodigen",
        data={
            "name": "Nieuwe Beheerder",
            "email": "nieuw@school.example",
            "role": "contract-manager",
            "organisations": "44XY",
            "is_signatory": "y",
            "function": "Bestuurder",
        },
        follow_redirects=True,
    )
    assert "per e-mail naar nieuw@school.example verstuurd" in response.text
    assert "/wachtwoord/" not in response.text  # the link is not shown to the admin
    run_jobs(mail_app)
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "nieuw@school.example"
    assert "72 uur geldig" in body_text(message)
    assert "tweede factor verplicht" in body_text(message)
    link = _link_in(message)

    invited = mail_app.test_client()
    chosen = invited.post(link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert chosen.headers["Location"] == "/aanmelden/tweede-factor"
    enrol_on_page(invited)
    assert invited.get("/portaal/").status_code == 200
    assert school.name


def test_without_mail_the_users_page_still_shows_the_link(app, client, make_user):
    AuthActions(client).login_as(make_user(UserRole.ADMIN))
    response = client.post(
        "/gebruikers/uitnodigen",
        data={"name": "A", "email": "a@example.nl", "role": "auditor"},
    )
    assert "maar één keer getoond" in response.text


def test_users_create_mails_the_invitation(mail_app, smtp_server, run_jobs):
    result = mail_app.test_cli_runner().invoke(
        args=["users", "create", "cli@example.nl", "--role", "auditor"]
    )
    assert result.exit_code == 0, result.output
    assert "per e-mail naar cli@example.nl verstuurd" in result.output
    assert "/wachtwoord/" not in result.output
    run_jobs(mail_app)
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "cli@example.nl"
    assert "/wachtwoord/" in body_text(message)


def test_an_admins_reset_of_the_second_factor_is_mailed(mail_app, smtp_server, run_jobs, make_user):
    admin = make_user(UserRole.ADMIN)
    user = make_user(UserRole.PRIVACY)
    client = mail_app.test_client()
    AuthActions(client).login_as(admin)
    with mail_app.app_context():
        version = db.session.get(User, user.id).version
    client.post(f"/gebruikers/{user.id}/tweede-factor", data={"version": version})
    run_jobs(mail_app)
    [message] = smtp_server.wait_for(1)
    assert message["To"] == user.email
    assert message["Subject"] == "Uw tweede factor voor het verwerkingsregister is verwijderd"
