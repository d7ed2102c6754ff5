"""A create form posted twice (double click, Back and resubmit) makes one activity."""

from __future__ import annotations

import datetime as dt
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


def test_back_and_resubmit_with_a_fresh_token_makes_one_activity(
    client, auth, make_user, form_data, app
):
    """Back fetches the no-store form again (a fresh token) and the browser restores the
    typed values: the same user posting the same values finds the first result."""
    auth.login_as(make_user(UserRole.PRIVACY))
    data = form_data()
    data["form_token"] = form_token(client.get("/verwerkingen/nieuw").text)
    first = client.post("/verwerkingen/nieuw", data=data)
    fresh = form_token(client.get("/verwerkingen/nieuw").text)
    assert fresh != data["form_token"]
    data["form_token"] = fresh
    second = client.post("/verwerkingen/nieuw", data=data)

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert "Dit formulier was al opgeslagen" in client.get(second.headers["Location"]).text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 1
        stored = db.session.scalars(sa.select(FormToken)).one()
        assert stored.fingerprint and "Nieuwsbrief" not in stored.fingerprint  # a keyed hash


def test_the_same_values_from_another_user_or_after_the_window_make_a_new_activity(
    client, auth, make_user, form_data, app
):
    def post_fresh() -> str:
        data = form_data()
        data["form_token"] = form_token(client.get("/verwerkingen/nieuw").text)
        response = client.post("/verwerkingen/nieuw", data=data)
        assert response.status_code == 302
        return response.headers["Location"]

    auth.login_as(make_user(UserRole.PRIVACY))
    first = post_fresh()
    auth.logout()
    auth.login_as(make_user(UserRole.PRIVACY))
    assert post_fresh() != first  # a colleague registering the same is not a repeat
    with app.app_context():
        for claim in db.session.scalars(sa.select(FormToken)):
            claim.created_at -= dt.timedelta(minutes=16)
        db.session.commit()
    assert post_fresh() != first  # longer ago than FORM_REPEAT_MINUTES (15): a new one
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 3
