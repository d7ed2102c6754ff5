"""A new agreement's form posted twice (double click on "Concept opslaan") makes one draft."""

from __future__ import annotations

import sqlalchemy as sa

from register.agreements.models import Agreement
from register.extensions import db
from tests.activities.test_once import form_token
from tests.agreements.test_views import VALID


def test_the_same_form_posted_twice_makes_one_draft(app, client, auth, reg, people):
    auth.login_as(people["privacy"])
    url = f"/overeenkomsten/nieuw?school={reg.school_id}"
    data = dict(VALID, products=str(reg.product_id), form_token=form_token(client.get(url).text))

    first = client.post(url, data=data)
    second = client.post(url, data=data)

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Agreement)) == 1


def test_back_and_resubmit_with_a_fresh_token_makes_one_draft(app, client, auth, reg, people):
    auth.login_as(people["privacy"])
    url = f"/overeenkomsten/nieuw?school={reg.school_id}"
    data = dict(VALID, products=str(reg.product_id), form_token=form_token(client.get(url).text))
    first = client.post(url, data=data)
    data["form_token"] = form_token(client.get(url).text)  # Back: the form fetched again
    second = client.post(url, data=data)

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Agreement)) == 1
