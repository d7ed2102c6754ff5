"""Passkeys over HTTP with an authenticator in software: add, sign in, step-up, clones, removal."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from webauthn.helpers import bytes_to_base64url

from register.agreements.states import Party
from register.audit.models import AuditEntry
from register.auth.factors.passkeys import relying_party, sign_count_acceptable
from register.auth.models import Passkey, UserRole, WebauthnChallenge
from register.auth.session import FACTOR_AT, FACTOR_METHOD
from register.extensions import db
from tests.agreements.conftest import load
from tests.auth.soft_authenticator import SoftAuthenticator
from tests.conftest import PASSWORD, enrol_on_page

CLONED = "zijn teller liep niet op"
REFUSED = "Aanmelden met de passkey is niet gelukt"


@pytest.mark.parametrize(
    ("stored", "reported", "accepted"),
    [
        (0, 0, True),  # an authenticator that does not count
        (0, 1, True),
        (5, 6, True),
        (5, 500, True),
        (5, 5, False),  # the same count twice: a copy used in between, or a replay
        (5, 4, False),
        (5, 0, False),  # a counting authenticator that stops counting
    ],
)
def test_the_signature_counter_must_rise(stored, reported, accepted):
    assert sign_count_acceptable(stored, reported) is accepted


@pytest.fixture
def key(app):
    with app.test_request_context():
        rp = relying_party()
    return SoftAuthenticator(origin=rp.origin, rp_id=rp.id)


def _actions(app, user):
    with app.app_context():
        return db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity_type == "user", AuditEntry.entity_id == str(user.id))
            .order_by(AuditEntry.id)
        ).all()


def _passkeys(app, user):
    with app.app_context():
        rows = db.session.scalars(sa.select(Passkey).where(Passkey.user_id == user.id)).all()
        return [(p.name, p.sign_count) for p in rows]


def add_passkey(client, key, name="Sleutelhanger"):
    options = client.post("/account/passkeys/opties").get_json()
    return client.post("/account/passkeys", json={"name": name, "credential": key.create(options)})


def sign_in_with_passkey(client, key, email, **answer):
    password = client.post("/aanmelden", data={"email": email, "password": PASSWORD})
    assert password.headers["Location"] == "/aanmelden/code"
    options = client.post("/aanmelden/passkey/opties").get_json()
    return client.post("/aanmelden/passkey", json={"credential": key.get(options, **answer)})


def test_add_a_passkey_then_sign_in_with_it(app, client, auth, make_user, key):
    user = make_user(UserRole.PRIVACY)
    auth.login_as(user)
    added = add_passkey(client, key)
    assert added.status_code == 200 and added.get_json() == {"redirect": "/account"}
    assert _passkeys(app, user) == [("Sleutelhanger", 0)]
    account = client.get("/account").get_data(as_text=True)
    assert "De passkey is toegevoegd." in account and "Sleutelhanger" in account
    auth.logout()

    client.post("/aanmelden", data={"email": user.email, "password": PASSWORD})
    assert "Gebruik uw passkey" in client.get("/aanmelden/code").get_data(as_text=True)
    options = client.post("/aanmelden/passkey/opties").get_json()
    assert [c["id"] for c in options["allowCredentials"]] == [bytes_to_base64url(key.credential_id)]
    signed_in = client.post("/aanmelden/passkey", json={"credential": key.get(options)})
    assert signed_in.status_code == 200 and signed_in.get_json() == {"redirect": "/"}
    with client.session_transaction() as session:
        assert session[FACTOR_METHOD] == "passkey"
    assert client.get("/account").status_code == 200
    assert _passkeys(app, user) == [("Sleutelhanger", 1)]
    actions = _actions(app, user)
    assert "passkey_added" in actions and "passkey_used" in actions


def test_a_passkey_needs_a_name_and_the_right_origin(app, client, auth, make_user, key):
    user = make_user(UserRole.PRIVACY)
    auth.login_as(user)
    unnamed = add_passkey(client, key, name="  ")
    assert unnamed.status_code == 400
    assert "Geef de passkey een naam" in unnamed.get_json()["error"]
    garbled = add_passkey(client, key, name="Sleutel\x00hanger")  # a 500 on PostgreSQL
    assert garbled.status_code == 400
    assert "bevat ongeldige tekens" in garbled.get_json()["error"]
    options = client.post("/account/passkeys/opties").get_json()
    elsewhere = key.create(options, origin="https://phishing.example")
    refused = client.post("/account/passkeys", json={"name": "Laptop", "credential": elsewhere})
    assert refused.status_code == 400 and REFUSED in refused.get_json()["error"]
    assert _passkeys(app, user) == []
    assert "passkey_refused" in _actions(app, user)


def test_a_cloned_authenticator_is_refused(app, client, auth, make_user, key):
    user = make_user(UserRole.PRIVACY)
    auth.login_as(user)
    add_passkey(client, key)
    auth.logout()
    assert sign_in_with_passkey(client, key, user.email, counter=7).status_code == 200
    auth.logout()

    clone = sign_in_with_passkey(client, key, user.email, counter=7)
    assert clone.status_code == 400 and CLONED in clone.get_json()["error"]
    assert client.get("/account").status_code == 302  # not signed in
    assert _passkeys(app, user) == [("Sleutelhanger", 7)]
    assert "passkey_counter_refused" in _actions(app, user)


def test_a_challenge_is_answered_once_and_not_late(app, client, auth, make_user, key):
    user = make_user(UserRole.PRIVACY)
    auth.login_as(user)
    add_passkey(client, key)
    auth.logout()

    client.post("/aanmelden", data={"email": user.email, "password": PASSWORD})
    options = client.post("/aanmelden/passkey/opties").get_json()
    answer = key.get(options)
    with client.session_transaction() as saved:
        pending = dict(saved)
    assert client.post("/aanmelden/passkey", json={"credential": answer}).status_code == 200
    copy = app.test_client()  # a copy of the cookie from before, with the same answer
    with copy.session_transaction() as session:
        session.update(pending)
    replay = copy.post("/aanmelden/passkey", json={"credential": answer})
    assert replay.status_code == 400 and REFUSED in replay.get_json()["error"]
    auth.logout()
    client.post("/aanmelden", data={"email": user.email, "password": PASSWORD})

    options = client.post("/aanmelden/passkey/opties").get_json()
    with app.app_context():
        challenge = db.session.scalars(sa.select(WebauthnChallenge)).one()
        challenge.expires_at -= dt.timedelta(minutes=3)
        db.session.commit()
    late = client.post("/aanmelden/passkey", json={"credential": key.get(options)})
    assert late.status_code == 400 and REFUSED in late.get_json()["error"]
    with app.app_context():
        assert db.session.scalars(sa.select(WebauthnChallenge)).all() == []


def test_failed_passkeys_count_towards_the_limit(app, client, auth, make_user, key):
    user = make_user(UserRole.PRIVACY)
    auth.login_as(user)
    add_passkey(client, key)
    auth.logout()
    client.post("/aanmelden", data={"email": user.email, "password": PASSWORD})
    for _ in range(5):
        options = client.post("/aanmelden/passkey/opties").get_json()
        wrong = key.get(options, origin="https://phishing.example")
        assert client.post("/aanmelden/passkey", json={"credential": wrong}).status_code == 400
    options = client.post("/aanmelden/passkey/opties").get_json()
    blocked = client.post("/aanmelden/passkey", json={"credential": key.get(options)})
    assert "Te veel onjuiste codes" in blocked.get_json()["error"]


def test_remove_own_passkeys_but_not_the_last_required_factor(app, client, auth, make_user, key):
    other = make_user(UserRole.AUDITOR)
    auth.login_as(other)
    others_authenticator = SoftAuthenticator(key.origin, key.rp_id)
    add_passkey(client, others_authenticator, name="Van een ander")
    auth.logout()
    with app.app_context():
        others_key = db.session.scalars(sa.select(Passkey)).one().id

    user = make_user(UserRole.PRIVACY, second_factor=False)
    client.post("/aanmelden", data={"email": user.email, "password": PASSWORD})
    enrol_on_page(client)  # the required authenticator app, then a passkey beside it
    add_passkey(client, key)
    assert client.post(f"/account/passkeys/{others_key}/verwijderen").status_code == 404
    with app.app_context():
        own = db.session.scalars(sa.select(Passkey).where(Passkey.user_id == user.id)).one().id
        # Without the app the passkey is the user's only factor, which their role requires.
        db.session.execute(sa.text("DELETE FROM totp_factor WHERE user_id = :id"), {"id": user.id})
        db.session.commit()
    kept = client.post(f"/account/passkeys/{own}/verwijderen", follow_redirects=True)
    assert "Voor uw rol is een tweede factor verplicht" in kept.get_data(as_text=True)
    assert _passkeys(app, user) == [("Sleutelhanger", 0)]

    auth.logout()
    # An auditor with a passkey is asked for it at sign-in, as for an authenticator app.
    assert sign_in_with_passkey(client, others_authenticator, other.email).status_code == 200
    removed = client.post(f"/account/passkeys/{others_key}/verwijderen", follow_redirects=True)
    assert "De passkey is verwijderd." in removed.get_data(as_text=True)
    assert _passkeys(app, other) == []
    assert "passkey_removed" in _actions(app, other)


def test_sign_an_agreement_after_confirming_with_a_passkey(app, client, auth, build, people, key):
    agreement_id = build("awaiting")
    school = people["school"]
    auth.login_as(school)
    add_passkey(client, key)
    with client.session_transaction() as session:
        session[FACTOR_AT] -= 6 * 60
    back = f"/portaal/{agreement_id}"
    options = client.post("/bevestigen/passkey/opties").get_json()
    confirmed = client.post(
        "/bevestigen/passkey", json={"credential": key.get(options), "next": back}
    )
    assert confirmed.get_json() == {"redirect": back}
    with app.app_context():
        version = load(agreement_id).version
    signed = client.post(
        f"/portaal/{agreement_id}/ondertekenen",
        data={
            "version": version,
            "name": "Jan de Vries",
            "function": "Bestuurder",
            "confirmation": "AKKOORD",
        },
    )
    assert signed.status_code == 302 and "bevestigen" not in signed.headers["Location"]
    with app.app_context():
        assert load(agreement_id).signature_of(Party.CONTROLLER).method == "passkey"
