"""The shared create-once mechanism (`register.submitting.run_create`) on the organisation form."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from register.extensions import db
from register.organisations.models import Organisation
from tests.activities.test_once import form_token
from tests.organisations.conftest import school_form


def test_a_resubmitted_organisation_form_makes_one_organisation(app, client, staff):
    data = school_form(form_token=form_token(client.get("/organisaties/nieuw").text))
    first = client.post("/organisaties/nieuw", data=data)
    # Back and resubmit: the name is taken now, yet the repeat finds the first result.
    second = client.post("/organisaties/nieuw", data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1


def test_back_and_resubmit_with_a_fresh_token_makes_one_organisation(app, client, staff):
    data = school_form(form_token=form_token(client.get("/organisaties/nieuw").text))
    first = client.post("/organisaties/nieuw", data=data)
    data["form_token"] = form_token(client.get("/organisaties/nieuw").text)
    second = client.post("/organisaties/nieuw", data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert "Dit formulier was al opgeslagen" in client.get(second.headers["Location"]).text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1


def test_a_changed_value_after_back_makes_a_new_organisation(app, client, staff):
    data = school_form(form_token=form_token(client.get("/organisaties/nieuw").text))
    first = client.post("/organisaties/nieuw", data=data)
    data = school_form(
        name="Stichting Katholiek Onderwijs Voorbeeldstad",
        brin="34CD",
        kvk="41089877",
        form_token=form_token(client.get("/organisaties/nieuw").text),
    )
    second = client.post("/organisaties/nieuw", data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] != first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 2


@pytest.mark.parametrize("token", ["\x00", "geen token", "x" * 44])
def test_a_token_no_form_was_shown_with_counts_as_none(app, client, staff, token):
    """A tampered token is not looked up (a NUL was a 500 on PostgreSQL): a form shown
    again carries a fresh token, and the post creates as one without a token does."""
    refused = client.post("/organisaties/nieuw", data=school_form(form_token=token, name=""))
    assert refused.status_code == 200
    assert "Het formulier bevat fouten." in refused.text
    shown = form_token(refused.text)
    assert shown != token.strip() and re.fullmatch(r"[A-Za-z0-9_-]{43}", shown)
    created = client.post("/organisaties/nieuw", data=school_form(form_token=token))
    assert created.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1
