"""Single sign-on against a real OpenID Connect provider served in the test process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
import sqlalchemy as sa

from register.agreements.states import Party
from register.audit.models import AuditEntry
from register.auth.labels import auth_method_label
from register.auth.models import SsoLink, UserRole
from register.auth.session import FACTOR_AT, SESSION_SEEN
from register.extensions import db
from tests.agreements.conftest import load
from tests.auth.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider
from tests.conftest import LiveServer

REFUSED = "Aanmelden via uw instelling is niet gelukt"
UNKNOWN = "het register heeft geen actief account met dit e-mailadres"
UNVERIFIED = "niet als gecontroleerd doorgegeven"
ACR = "http://refeds.org/assurance/profile/espresso"


@pytest.fixture
def provider() -> Iterator[OidcProvider]:
    idp = OidcProvider()
    server = LiveServer(idp.app)
    idp.url = server.url
    server.start()
    yield idp
    server.stop()


@pytest.fixture
def sso_app(make_app, provider):
    """The register with the provider configured for the board of school 12AB."""
    return make_app(
        OIDC_PROVIDERS={
            "voorbeeld": {
                "name": "Stichting Voorbeeldscholen",
                "issuer": provider.url,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "brin": ["12AB"],
            }
        }
    )


@pytest.fixture
def sso_client(sso_app):
    return sso_app.test_client()


@pytest.fixture
def school(make_organisation):
    return make_organisation(name="Basisschool De Voorbeeld", brin="12AB")


def sso_sign_in(client, provider, email, **claims):
    """Through the provider and back; the answer of the register's callback."""
    provider.claims = {"sub": f"medewerker-{email}", "email": email, "email_verified": True}
    provider.claims.update(claims)
    start = client.get("/aanmelden/instelling/voorbeeld")
    assert start.status_code == 302 and start.headers["Location"].startswith(provider.url)
    approved = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(approved.headers["Location"])
    return client.get(f"{back.path}?{back.query}", follow_redirects=True)


def _actions(app, entity_type):
    with app.app_context():
        return db.session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.entity_type == entity_type)
        ).all()


def test_a_school_user_signs_in_through_the_institution(
    sso_app, sso_client, provider, make_user, school
):
    user = make_user(UserRole.CONTRACT_MANAGER, organisations=[school], signatory=True)
    login_page = sso_client.get("/aanmelden").get_data(as_text=True)
    assert "Inloggen via je instelling: Stichting Voorbeeldscholen" in login_page

    answer = sso_sign_in(sso_client, provider, user.email.upper(), acr=ACR)
    assert answer.request.path == "/portaal/"
    assert user.name in answer.get_data(as_text=True)
    with sso_app.app_context():
        link = db.session.scalars(sa.select(SsoLink)).one()
        assert (link.user_id, link.issuer) == (user.id, provider.url)
        logins = db.session.scalars(
            sa.select(AuditEntry.summary).where(AuditEntry.action == "login")
        ).all()
    assert logins == [f"{user.email} (sso)"]

    # Linked: the next sign-in finds the user by the provider's subject, whatever the address.
    sso_client.post("/afmelden")
    again = sso_sign_in(
        sso_client, provider, "nieuw-adres@example.nl", sub=f"medewerker-{user.email.upper()}"
    )
    assert again.request.path == "/portaal/"


@pytest.mark.parametrize(
    "tamper",
    [
        {"iss": "https://een-ander.example"},
        {"aud": "een-andere-dienst"},
        {"aud": ["een-andere-dienst"], "azp": CLIENT_ID},
        {"nonce": "niet-de-nonce"},
        {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 3900},
    ],
    ids=["issuer", "audience", "audience-with-azp", "nonce", "expired"],
)
def test_a_wrong_id_token_is_refused(sso_app, sso_client, provider, make_user, school, tamper):
    user = make_user(UserRole.CONTRACT_MANAGER, organisations=[school])
    provider.tamper = tamper
    answer = sso_sign_in(sso_client, provider, user.email)
    assert answer.request.path == "/aanmelden"
    assert REFUSED in answer.get_data(as_text=True)
    assert sso_client.get("/account").status_code == 302
    assert "sso_refused" in _actions(sso_app, "sso")
    with sso_app.app_context():
        assert db.session.scalars(sa.select(SsoLink)).all() == []


def test_the_register_decides_who_may_sign_in(
    sso_app, sso_client, provider, make_user, make_organisation, school
):
    elsewhere = make_organisation(name="Andere school", brin="99ZZ")
    member = make_user(UserRole.CONTRACT_MANAGER, organisations=[school])
    inactive = make_user(UserRole.CONTRACT_MANAGER, organisations=[school], is_active=False)
    other_board = make_user(UserRole.CONTRACT_MANAGER, organisations=[elsewhere])
    staff = make_user(UserRole.PRIVACY)

    unverified = sso_sign_in(sso_client, provider, member.email, email_verified=False)
    assert UNVERIFIED in unverified.get_data(as_text=True)
    for email in ["onbekend@example.nl", inactive.email, other_board.email, staff.email]:
        refused = sso_sign_in(sso_client, provider, email)
        assert refused.request.path == "/aanmelden", email
        assert UNKNOWN in refused.get_data(as_text=True), email
    assert sso_client.get("/account").status_code == 302
    assert _actions(sso_app, "sso").count("sso_refused") == 5
    with sso_app.app_context():
        assert db.session.scalars(sa.select(SsoLink)).all() == []


def test_an_sso_session_keeps_the_idle_time_out(sso_client, provider, make_user, school):
    user = make_user(UserRole.CONTRACT_MANAGER, organisations=[school])
    sso_sign_in(sso_client, provider, user.email)
    assert sso_client.get("/account").status_code == 200
    with sso_client.session_transaction() as session:
        session[SESSION_SEEN] -= 31 * 60
    assert sso_client.get("/account").status_code == 302


def test_signing_after_sso_records_the_assurance_level(
    sso_app, sso_client, provider, reg, people, build
):
    agreement_id = build("awaiting")
    school_user = people["school"]
    sso_sign_in(sso_client, provider, school_user.email, acr=ACR)
    with sso_app.app_context():
        version = load(agreement_id).version
    form = {
        "version": version,
        "name": "Jan de Vries",
        "function": "Bestuurder",
        "confirmation": "AKKOORD",
    }
    with sso_client.session_transaction() as session:
        session[FACTOR_AT] -= 6 * 60  # signed in six minutes ago
    asked = sso_client.post(f"/portaal/{agreement_id}/ondertekenen", data=form)
    assert asked.headers["Location"] == f"/bevestigen?next=/portaal/{agreement_id}"
    # Confirming sends the signer through the provider again, which must authenticate anew.
    again = sso_client.get(asked.headers["Location"])
    assert again.headers["Location"].startswith("/aanmelden/instelling/voorbeeld")
    start = sso_client.get(again.headers["Location"])
    assert "prompt=login" in start.headers["Location"]
    approved = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(approved.headers["Location"])
    returned = sso_client.get(f"{back.path}?{back.query}")
    assert returned.headers["Location"] == f"/portaal/{agreement_id}"

    signed = sso_client.post(f"/portaal/{agreement_id}/ondertekenen", data=form)
    assert signed.status_code == 302 and "bevestigen" not in signed.headers["Location"]
    with sso_app.app_context():
        method = load(agreement_id).signature_of(Party.CONTROLLER).method
        assert method == f"sso:{ACR}"
        assert auth_method_label(method) == (
            f"aanmelding via de eigen instelling (OpenID Connect), betrouwbaarheidsniveau {ACR}"
        )
