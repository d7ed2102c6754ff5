"""One date format on every page: "2 december 2027", "2 december 2026 om 10:42"."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from register.audit.models import AuditEntry
from register.auth.models import UserRole
from register.extensions import db
from register.templating import datum

MOMENT = dt.datetime(2026, 12, 2, 9, 42, tzinfo=dt.UTC)  # 10:42 in Amsterdam


@pytest.mark.parametrize("style", ["", "short", "medium", "long", "full"])
def test_every_style_gives_the_one_dutch_format(app, style):
    with app.test_request_context(), force_locale("nl"):
        assert datum(dt.date(2027, 12, 2), style) == "2 december 2027"
        assert datum(MOMENT, style) == "2 december 2026 om 10:42"
        assert datum(None, style) == ""


def test_the_english_interface_reads_the_same_shape(app):
    with app.test_request_context(), force_locale("en"):
        assert datum(dt.date(2027, 12, 2)) == "2 December 2027"
        assert datum(MOMENT, "short") == "2 December 2026 at 10:42"


def test_a_page_shows_dates_in_that_format(app, client, auth, make_user, make_activity):
    make_activity(name="Roosterkoppeling")
    auth.login_as(make_user(UserRole.AUDITOR))
    with app.app_context():
        entry = db.session.scalar(sa.select(sa.func.max(AuditEntry.id)))
    page = client.get(f"/audit/{entry}").text
    today = dt.datetime.now(dt.UTC)
    assert f" {today.year} om " in page
    assert f"{today:%d-%m-%Y}" not in page
