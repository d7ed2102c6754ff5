"""The public request form under abuse: spam checks, hostile and oversized input, flooding."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from register.extensions import db
from register.subject_requests import spam
from register.subject_requests.models import Channel, SubjectRequest
from tests.conftest import body_text


def _stamp(app, seconds_ago: float = 10) -> str:
    with app.test_request_context():
        return spam.issue_stamp(time.time() - seconds_ago)


def _form(app, **changes):
    data = {
        "kind": "access",
        "name": "Fatima el Amrani",
        "email": "fatima@example.nl",
        "description": "Welke gegevens heeft u van mij?",
        "website": "",
        "stamp": _stamp(app),
    }
    data.update(changes)
    return data


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(SubjectRequest))


def test_the_privacy_statement_links_to_the_form(client):
    assert 'href="/verzoeken/indienen"' in client.get("/privacyverklaring").get_data(as_text=True)


def test_a_real_request_is_recorded_and_confirmed_by_mail(make_app, smtp_server, run_jobs):
    app = make_app(MAIL_URL=smtp_server.url)
    client = app.test_client()
    response = client.post("/verzoeken/indienen", data=_form(app))
    assert response.status_code == 302
    with app.app_context():
        found = db.session.scalars(sa.select(SubjectRequest)).one()
        assert found.channel is Channel.WEB_FORM
        assert found.requester_email == "fatima@example.nl"
        reference, due = found.reference, found.due_on
    assert response.headers["Location"].endswith(f"/verzoeken/ontvangen/{reference}")
    assert reference in client.get(response.headers["Location"]).get_data(as_text=True)
    run_jobs(app)
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "fatima@example.nl"
    assert reference in message["Subject"]
    text = body_text(message)
    assert f"{due.day}" in text and reference in text
    # The confirmation never repeats what was typed: the form cannot relay text to anyone.
    assert "Welke gegevens" not in text


def test_honeypot_refuses_but_keeps_the_text(app, client):
    response = client.post("/verzoeken/indienen", data=_form(app, website="http://spam.example"))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Welke gegevens heeft u van mij?" in text and "Niet invullen" in text
    assert _count(app) == 0


@pytest.mark.parametrize("age", [0.5, spam.MAX_AGE + 60])
def test_too_fast_or_too_old_is_refused_with_a_fresh_stamp(app, client, age):
    response = client.post("/verzoeken/indienen", data=_form(app, stamp=_stamp(app, age)))
    assert response.status_code == 400
    assert "opnieuw" in response.get_data(as_text=True)
    assert _count(app) == 0


@pytest.mark.parametrize("stamp", ["", "forged.stamp.value", "eyJ0IjoxfQ.abc.def"])
def test_a_missing_or_forged_stamp_is_refused(app, client, stamp):
    assert client.post("/verzoeken/indienen", data=_form(app, stamp=stamp)).status_code == 400
    assert _count(app) == 0


def test_html_is_stored_as_text_and_shown_escaped(app, client, make_user, auth):
    from register.auth.models import UserRole

    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.post(
        "/verzoeken/indienen", data=_form(app, name=hostile[:150], description=hostile)
    )
    assert response.status_code == 302
    with app.app_context():
        found = db.session.scalars(sa.select(SubjectRequest)).one()
        assert found.description == hostile
        request_id = found.id
    auth.login_as(make_user(UserRole.PRIVACY))
    page = client.get(f"/verzoeken/{request_id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": "x" * 5001}, "Maximaal 5000 tekens."),
        ({"name": "y" * 201}, "Maximaal 200 tekens."),
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in."),
        ({"kind": "everything"}, ""),
        ({"description": "nul\x00byte"}, "Dit veld bevat ongeldige tekens."),
    ],
)
def test_invalid_input_is_refused_precisely(app, client, changes, message):
    response = client.post("/verzoeken/indienen", data=_form(app, **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(app) == 0


def test_an_oversized_body_is_refused_before_reading(app, client):
    response = client.post("/verzoeken/indienen", data=_form(app, description="x" * 40_000))
    assert response.status_code == 413
    assert _count(app) == 0


def test_flooding_is_rate_limited_per_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REQUEST_FORM_RATE_LIMIT="3 per hour")
    client = app.test_client()
    statuses = [
        client.post("/verzoeken/indienen", data=_form(app, name=f"Robot {n}")).status_code
        for n in range(6)
    ]
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert _count(app) == 3
    assert client.get("/verzoeken/indienen").status_code == 200  # reading is not limited


def test_the_thanks_page_only_shows_a_reference(client):
    assert client.get("/verzoeken/ontvangen/<script>").status_code == 404
    assert client.get("/verzoeken/ontvangen/AVG-2026-0001").status_code == 200
