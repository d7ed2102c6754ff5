"""A create form posted twice (double click, Back and resubmit) makes one activity."""

from __future__ import annotations

import re

import sqlalchemy as sa

from register.activities.models import Activity
from register.auth.models import UserRole
from register.extensions import db
from register.form_tokens import FormToken


def form_token(html: str) -> str:
    """The one-time token the create form was shown with."""
    found = re.search(r'name="form_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'type="hidden" name="form_token" value="([^"]+)"', html
    )
    assert found, "the form carries no form_token"
    return found.group(1)


def test_the_same_form_posted_twice_makes_one_activity(client, auth, make_user, form_data, app):
    auth.login_as(make_user(UserRole.PRIVACY))
    token = form_token(client.get("/verwerkingen/nieuw").text)
    data = form_data()
    data["form_token"] = token

    first = client.post("/verwerkingen/nieuw", data=data)
    second = client.post("/verwerkingen/nieuw", data=data)

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 1
        assert db.session.scalar(sa.select(FormToken.location)) == first.headers["Location"]
    shown = client.get(second.headers["Location"])
    assert "Dit formulier was al opgeslagen" in shown.text


def test_two_showings_of_the_form_make_two_activities(client, auth, make_user, form_data, app):
    auth.login_as(make_user(UserRole.PRIVACY))
    for name in ("Nieuwsbrief", "Nieuwsbrief ouders"):
        data = form_data(name=name)
        data["form_token"] = form_token(client.get("/verwerkingen/nieuw").text)
        assert client.post("/verwerkingen/nieuw", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 2
