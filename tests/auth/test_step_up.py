"""Signing needs a second factor from the last five minutes; the signature keeps the method."""

from __future__ import annotations

import io

from pypdf import PdfReader

from register.agreements.documents.reading import document_with_content
from register.agreements.documents.storage import DocumentKind
from register.agreements.states import AgreementState, Party
from register.auth.session import FACTOR_AT
from register.extensions import db
from tests.agreements.conftest import load
from tests.conftest import totp_code


def _version(app, agreement_id):
    with app.app_context():
        return load(agreement_id).version


def _sign(client, app, agreement_id, url, name, function):
    return client.post(
        url,
        data={
            "version": _version(app, agreement_id),
            "name": name,
            "function": function,
            "confirmation": "AKKOORD",
        },
    )


def _age_factor(client, minutes):
    with client.session_transaction() as session:
        session[FACTOR_AT] -= minutes * 60


def test_signing_asks_for_a_recent_second_factor_then_continues(
    app, client, auth, build, people, run_jobs
):
    agreement_id = build("awaiting")
    school_url = f"/portaal/{agreement_id}/ondertekenen"

    auth.login_as(people["school"])
    _age_factor(client, 6)
    asked = _sign(client, app, agreement_id, school_url, "Jan de Vries", "Bestuurder")
    assert asked.status_code == 302
    assert asked.headers["Location"] == f"/bevestigen?next=/portaal/{agreement_id}"
    with app.app_context():
        assert load(agreement_id).signature_of(Party.CONTROLLER) is None
    wrong = client.post(f"/bevestigen?next=/portaal/{agreement_id}", data={"code": "000000"})
    assert "Deze code is onjuist" in wrong.get_data(as_text=True)
    confirmed = client.post(
        f"/bevestigen?next=/portaal/{agreement_id}",
        data={"code": totp_code(people["school"].email)},
    )
    assert confirmed.headers["Location"] == f"/portaal/{agreement_id}"
    signed = _sign(client, app, agreement_id, school_url, "Jan de Vries", "Bestuurder")
    assert signed.status_code == 302 and "bevestigen" not in signed.headers["Location"]
    auth.logout()

    # The company's signatory, four minutes after signing in: no question asked.
    auth.login_as(people["privacy"])
    _age_factor(client, 4)
    company_url = f"/overeenkomsten/{agreement_id}/ondertekenen"
    done = _sign(client, app, agreement_id, company_url, "Pia Privacy", "Directeur")
    assert "bevestigen" not in done.headers["Location"]

    run_jobs(app)  # the worker renders and stores the signed PDF
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.state is AgreementState.SIGNED
        methods = {s.party: s.method for s in agreement.signatures}
        content = document_with_content(db.session, agreement, DocumentKind.SIGNED).content
    assert methods == {Party.CONTROLLER: "password+totp", Party.PROCESSOR: "password+totp"}
    last = " ".join(PdfReader(io.BytesIO(content)).pages[-1].extract_text().split())
    assert last.count("Aangemeld met: wachtwoord en code uit een authenticator-app (TOTP)") == 2


def test_a_signature_without_a_factor_says_password(app, build):
    agreement_id = build("signed")  # signed by the services directly, as before issue 10
    with app.app_context():
        agreement = load(agreement_id)
        assert {s.method for s in agreement.signatures} == {"password"}
