"""The second factor: enrolment at first sign-in, codes, replays, recovery codes, the limit."""

from __future__ import annotations

import re

import pyotp
import pytest
import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.auth.factors.encryption import UndecryptableSecret, decrypt_secret
from register.auth.models import RecoveryCode, TotpFactor, User, UserRole
from register.auth.session import FACTOR_AT
from register.extensions import db
from tests.conftest import PASSWORD, TOTP_SECRETS, AuthActions, enrol_on_page, totp_code

CODE_PAGE = "/aanmelden/code"
ENROL_PAGE = "/aanmelden/tweede-factor"


def _password(client, email, password=PASSWORD):
    return client.post("/aanmelden", data={"email": email, "password": password})


def _actions(app, user):
    with app.app_context():
        return db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity_type == "user", AuditEntry.entity_id == str(user.id))
            .order_by(AuditEntry.id)
        ).all()


def _factor(app, user):
    with app.app_context():
        return db.session.scalars(sa.select(TotpFactor).where(TotpFactor.user_id == user.id)).one()


def _codes_on(page: str) -> list[str]:
    return re.findall(r"<code>((?:[a-z0-9]{6}-){3}[a-z0-9]{6})</code>", page)


@pytest.mark.parametrize(
    ("role", "signatory"),
    [
        (UserRole.ADMIN, False),
        (UserRole.PRIVACY, False),
        (UserRole.CONTRACT_MANAGER, True),
    ],
)
def test_who_must_have_one_sets_it_up_before_reaching_any_page(
    app, client, make_user, make_organisation, role, signatory
):
    organisations = [make_organisation()] if role is UserRole.CONTRACT_MANAGER else []
    user = make_user(role, signatory=signatory, organisations=organisations, second_factor=False)
    response = _password(client, user.email)
    assert response.headers["Location"] == ENROL_PAGE
    # A password alone reaches neither the staff pages nor the portal nor the account.
    for path in ["/dashboard", "/verwerkingen/", "/portaal/", "/account", "/gebruikers/"]:
        refused = client.get(path)
        assert refused.status_code == 302 and "/aanmelden" in refused.headers["Location"]

    page = client.get(ENROL_PAGE).get_data(as_text=True)
    assert "<svg" in page and "path" in page  # the QR code is drawn here, no image service
    secret = re.search(r'class="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    stored = _factor(app, user)
    assert stored.confirmed_at is None
    assert secret not in stored.secret_encrypted
    with app.app_context():
        assert decrypt_secret(stored.secret_encrypted) == secret

    wrong = client.post(ENROL_PAGE, data={"code": "000000"})
    assert wrong.status_code == 200
    assert "Deze code is onjuist" in wrong.get_data(as_text=True)
    assert secret in wrong.get_data(as_text=True).replace(" ", "")  # the same key, kept
    assert client.get("/account").status_code == 302

    done = client.post(ENROL_PAGE, data={"code": pyotp.TOTP(secret).now()})
    codes = _codes_on(done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/account").status_code == 200
    with app.app_context():
        hashes = db.session.scalars(
            sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
        ).all()
    assert len(hashes) == 10 and not set(codes) & set(hashes)
    assert _factor(app, user).confirmed_at is not None
    actions = _actions(app, user)
    assert actions.count("totp_enrolment_started") == 1  # a wrong code keeps the same key
    assert "second_factor_failed" in actions
    assert actions[-2:] == ["totp_enrolled", "login"]


def test_a_user_without_the_duty_signs_in_with_a_password(app, client, make_user):
    auditor = make_user(UserRole.AUDITOR)
    response = _password(client, auditor.email)
    assert response.headers["Location"] == "/"
    assert client.get("/account").status_code == 200


def test_the_code_page_signs_in_and_a_code_works_once(app, client, make_user):
    user = make_user(UserRole.PRIVACY)
    assert _password(client, user.email).headers["Location"] == CODE_PAGE
    assert client.get("/dashboard").status_code == 302

    wrong = client.post(CODE_PAGE, data={"code": "123456"})
    assert wrong.status_code == 200
    assert "Deze code is onjuist of al gebruikt" in wrong.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302

    code = totp_code(user.email)
    assert client.post(CODE_PAGE, data={"code": code}).headers["Location"] == "/"
    assert client.get("/dashboard").status_code == 200
    with client.session_transaction() as session:
        assert session["factor_method"] == "password+totp"

    # The same code, replayed from another device with the right password: refused.
    other = app.test_client()
    _password(other, user.email)
    replay = other.post(CODE_PAGE, data={"code": code})
    assert replay.status_code == 200
    assert "al gebruikt" in replay.get_data(as_text=True)
    assert other.get("/dashboard").status_code == 302
    actions = _actions(app, user)
    assert actions.count("second_factor_failed") == 2
    assert actions.count("login") == 1


def test_a_code_in_other_digits_is_refused_not_an_error(app, client, make_user):
    user = make_user(UserRole.PRIVACY)
    _password(client, user.email)
    for code in ("12345²", "١٢٣٤٥٦"):  # a superscript two; Arabic-Indic digits
        response = client.post(CODE_PAGE, data={"code": code})
        assert response.status_code == 200
        assert "Deze code is onjuist of al gebruikt" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_a_recovery_code_works_once(app, client, make_user):
    user = make_user(UserRole.ADMIN, second_factor=False)
    _password(client, user.email)
    _, response = enrol_on_page(client)
    codes = _codes_on(response.get_data(as_text=True))
    client.post("/afmelden")

    _password(client, user.email)
    used = client.post(CODE_PAGE, data={"code": codes[3].upper()}, follow_redirects=True)
    assert "U heeft een herstelcode gebruikt; er zijn er nog 9" in used.get_data(as_text=True)
    assert client.get("/gebruikers/").status_code == 200
    with client.session_transaction() as session:
        assert session["factor_method"] == "password+recovery-code"
    client.post("/afmelden")

    _password(client, user.email)
    again = client.post(CODE_PAGE, data={"code": codes[3]})
    assert "Deze code is onjuist of al gebruikt" in again.get_data(as_text=True)
    assert client.get("/gebruikers/").status_code == 302
    assert "recovery_code_used" in _actions(app, user)


def test_wrong_codes_are_limited(app, client, make_user):
    user = make_user(UserRole.PRIVACY)
    _password(client, user.email)
    for _ in range(5):
        assert client.post(CODE_PAGE, data={"code": "999999"}).status_code == 200
    # Even the right code is refused now, for a quarter of an hour.
    blocked = client.post(CODE_PAGE, data={"code": totp_code(user.email)})
    body = blocked.get_data(as_text=True)
    assert "Te veel onjuiste codes. Wacht 15 minuten" in body
    assert client.get("/dashboard").status_code == 302
    actions = _actions(app, user)
    assert actions.count("second_factor_failed") == 5
    assert "second_factor_throttled" in actions and "login" not in actions


def test_a_pending_sign_in_expires(app, client, make_user):
    user = make_user(UserRole.PRIVACY)
    _password(client, user.email)
    with client.session_transaction() as session:
        session["pending_sign_in"]["at"] -= 11 * 60
        session.modified = True
    response = client.post(CODE_PAGE, data={"code": totp_code(user.email)})
    assert response.headers["Location"] == "/aanmelden"
    assert client.get("/dashboard").status_code == 302


def test_a_session_without_second_factor_ends_for_who_needs_one(app, client, make_user):
    """Sessions from before the duty (or a planted cookie) do not reach any page."""
    user = make_user(UserRole.PRIVACY)
    AuthActions(client).login_as(user)
    assert client.get("/dashboard").status_code == 200
    with client.session_transaction() as session:
        del session[FACTOR_AT]
    assert client.get("/dashboard").status_code == 302


def test_an_optional_user_can_set_one_up_and_is_then_asked_for_it(app, client, make_user):
    auditor = make_user(UserRole.AUDITOR)
    auth = AuthActions(client)
    auth.login_as(auditor)
    assert "Authenticator-app instellen" in client.get("/account").get_data(as_text=True)
    secret, response = enrol_on_page(client, "/account/tweede-factor")
    assert len(_codes_on(response.get_data(as_text=True))) == 10
    TOTP_SECRETS[auditor.email.lower()] = secret
    auth.logout()
    assert _password(client, auditor.email).headers["Location"] == CODE_PAGE


def test_new_recovery_codes_replace_the_old_ones(app, client, make_user):
    user = make_user(UserRole.ADMIN, second_factor=False)
    _password(client, user.email)
    _, first = enrol_on_page(client)
    old = _codes_on(first.get_data(as_text=True))
    new = _codes_on(client.post("/account/herstelcodes").get_data(as_text=True))
    assert len(new) == 10 and not set(old) & set(new)
    client.post("/afmelden")
    _password(client, user.email)
    refused = client.post(CODE_PAGE, data={"code": old[0]})
    assert "Deze code is onjuist" in refused.get_data(as_text=True)
    assert client.post(CODE_PAGE, data={"code": new[0]}).status_code == 302
    assert "recovery_codes_replaced" in _actions(app, user)


def test_an_admin_resets_a_lost_second_factor(app, client, make_user):
    admin = make_user(UserRole.ADMIN)
    user = make_user(UserRole.PRIVACY)
    device = app.test_client()
    AuthActions(device).login_as(user)
    AuthActions(client).login_as(admin)
    with app.app_context():
        version = db.session.get(User, user.id).version
    assert "Tweede factor opnieuw laten instellen" in client.get(f"/gebruikers/{user.id}").text
    response = client.post(
        f"/gebruikers/{user.id}/tweede-factor", data={"version": version}, follow_redirects=True
    )
    assert "is verwijderd" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(TotpFactor)) == 1
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(RecoveryCode)
                .where(RecoveryCode.user_id == user.id)
            )
            == 0
        )
    assert device.get("/dashboard").status_code == 302  # their sessions ended
    assert "second_factor_reset" in _actions(app, user)
    assert _password(app.test_client(), user.email).headers["Location"] == ENROL_PAGE


def test_a_stale_reset_changes_nothing(app, client, make_user):
    admin = make_user(UserRole.ADMIN)
    user = make_user(UserRole.PRIVACY)
    AuthActions(client).login_as(admin)
    client.post(f"/gebruikers/{user.id}/tweede-factor", data={"version": "0"})
    assert _factor(app, user).confirmed_at is not None


def test_secrets_need_the_configured_key(make_app, make_user):
    user = make_user(UserRole.PRIVACY)
    other = make_app(FACTOR_ENCRYPTION_KEY="another key")
    with other.app_context():
        stored = db.session.scalars(sa.select(TotpFactor)).one()
        with pytest.raises(UndecryptableSecret):
            decrypt_secret(stored.secret_encrypted)
    assert user.email
