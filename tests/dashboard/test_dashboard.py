"""The dashboard: panel counts for a constructed register, charts, queries and access."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from register.auth.models import UserRole
from register.calendar import today
from register.dashboard.charts import bar_chart
from register.dashboard.overview import build_dashboard
from register.dashboard.services import LIST_CAP
from register.extensions import db
from tests.dashboard.conftest import add_activity, add_incomplete_activities, counting_queries


def _names(rows):
    return [row.name for row in rows]


def test_register_panel_counts(app, dashboard_register, day):
    with app.test_request_context():
        dashboard = build_dashboard(db.session, today=day)
    counts = dashboard.register.counts
    assert counts.by_status == {"draft": 1, "active": 6, "retired": 1}
    assert (counts.review_overdue, counts.review_due) == (1, 1)
    assert (counts.review_later, counts.review_missing) == (4, 1)
    assert (counts.dpia_open, counts.incomplete, counts.complete) == (1, 2, 5)
    assert _names(dashboard.register.overdue) == ["Te laat herzien"]
    assert _names(dashboard.register.due) == ["Binnenkort herzien"]
    assert _names(dashboard.register.dpia_open) == ["DPIA loopt"]


def test_incomplete_activities_name_their_missing_items(app, dashboard_register, day):
    with app.test_request_context():
        page = build_dashboard(db.session, today=day).register.incomplete
    assert page.total == 2
    listed = {entry.activity.name: entry for entry in page.items}
    assert set(listed) == {"Onvolledig concept", "Onvolledig actief"}
    concept = listed["Onvolledig concept"]
    messages = [item.message for item in concept.missing]
    assert "Er is geen doel vastgelegd." in messages
    assert "Er zijn geen categorieën persoonsgegevens vastgelegd." in messages
    assert "Er is geen herzieningsdatum vastgelegd." in messages
    assert all(item.mandatory for item in concept.missing)
    assert all(not item.mandatory for item in concept.advice)
    # The one with a review date misses one item less, so it is listed second.
    assert [e.activity.name for e in page.items] == ["Onvolledig concept", "Onvolledig actief"]


def test_the_page_shows_panels_and_charts_with_numbers(client, auth, make_user, dashboard_register):
    auth.login_as(make_user(UserRole.AUDITOR))
    response = client.get("/dashboard")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Onvolledig concept" in html and "Er is geen doel vastgelegd." in html
    assert "Te laat herzien" in html and "Buiten gebruik en te laat" not in html
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) >= 2
    for svg in svgs:
        assert 'role="img"' in svg and "<title" in svg
    reviews = next(svg for svg in svgs if "Herzieningen (actief en concept)." in svg)
    values = re.findall(r'class="chart__value">(\d+)</text>', reviews)
    labels = re.findall(r'class="chart__label">([^<]+)</text>', reviews)
    assert list(zip(labels, values)) == [
        ("Te laat", "1"),
        ("Binnen 30 dagen", "1"),
        ("Later", "4"),
        ("Geen datum", "1"),
    ]
    assert (
        "Herzieningen (actief en concept). Te laat: 1, Binnen 30 dagen: 1, Later: 4, "
        "Geen datum: 1." in reviews
    )
    # The key figures add up to what the charts count, and say what they count.
    stats = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html))
    assert (stats["Actieve verwerkingen"], stats["Concepten"]) == ("6", "1")
    completeness = next(svg for svg in svgs if "Volledigheid van de verwerkingen (actief" in svg)
    assert sum(map(int, re.findall(r'class="chart__value">(\d+)</text>', completeness))) == 7
    # Each incomplete activity's missing items are folded under a count.
    assert '<details class="missing-details"><summary>' in html
    # Patterns rather than colour alone, and the numbers again as a table.
    assert 'fill="url(#reviews-hatch)"' in reviews
    assert '<th scope="row">Later</th><td>4</td>' in html


def test_fixed_number_of_queries_for_small_and_larger_registers(app, dashboard_register, day):
    with app.test_request_context(), counting_queries() as small:
        build_dashboard(db.session, today=day)
    with app.app_context():
        add_incomplete_activities(45, day)
    with app.test_request_context(), counting_queries() as large:
        dashboard = build_dashboard(db.session, today=day, page=2)
    assert dashboard.register.incomplete.total == 47
    assert len(dashboard.register.incomplete.items) == 20
    assert dashboard.register.counts.review_overdue == 1 + 15
    assert len(dashboard.register.overdue) == 10  # capped lists
    assert len(large) == len(small)


@pytest.mark.parametrize("page", ["abc", "-3", "0", "99999999999", "2"])
def test_odd_page_numbers_never_fail(client, auth, make_user, dashboard_register, page):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.get(f"/dashboard?page={page}")
    assert response.status_code == 200
    assert "Onvolledig concept" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (UserRole.ADMIN, 200),
        (UserRole.PRIVACY, 200),
        (UserRole.AUDITOR, 200),
        (UserRole.CONTRACT_MANAGER, 403),
    ],
)
def test_access(client, auth, make_user, make_organisation, role, status):
    organisations = [make_organisation()] if role is UserRole.CONTRACT_MANAGER else []
    auth.login_as(make_user(role, organisations=organisations))
    assert client.get("/dashboard").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/aanmelden" in response.headers["Location"]


def test_dashboard_is_the_staff_start_page(client, auth, make_user):
    auth.login_as(make_user(UserRole.AUDITOR))
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")


def test_empty_register(client, auth, make_user):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.get("/dashboard")
    assert response.status_code == 200
    assert "Alle verwerkingen zijn volledig." in response.get_data(as_text=True)


def test_bar_chart_geometry():
    chart = bar_chart("x", "Titel", [("Nul", 0), ("Half", 5), ("Vol", 10)])
    assert [bar.width for bar in chart.bars] == [0, 125, 250]
    assert [bar.pattern for bar in chart.bars] == ["solid", "hatch", "dots"]
    assert chart.summary == "Titel. Nul: 0, Half: 5, Vol: 10."
    assert chart.height == 3 * 30 + 6
    assert bar_chart("y", "Leeg", [("A", 0)]).bars[0].width == 0


def test_a_capped_list_links_to_all_of_it(app, client, auth, make_user):
    with app.app_context():
        for n in range(LIST_CAP + 3):
            add_activity(f"Te laat {n:02d}", review_date=today() - dt.timedelta(days=5))
        db.session.commit()
    auth.login_as(make_user(UserRole.AUDITOR))
    html = client.get("/dashboard").text
    capped = re.search(r'<p class="muted capped">(.*?)</p>', html, flags=re.S)
    assert capped is not None
    assert f"De eerste {LIST_CAP} van {LIST_CAP + 3} worden getoond." in capped.group(1)
    assert f'<a href="/verwerkingen/?verlopen=1">Alle {LIST_CAP + 3} bekijken</a>' in capped.group(
        1
    )
