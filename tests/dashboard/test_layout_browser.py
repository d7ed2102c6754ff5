"""The dashboard in chromium at 1366 px and at phone width (390 px): nothing clipped."""

from __future__ import annotations

import pytest

from register.auth.models import UserRole
from register.extensions import db
from tests.conftest import browser_login
from tests.dashboard.conftest import build_dashboard_register
from tests.dashboard.test_agreement_panels import build_agreements

MEASURE = """() => {
  const wrap = document.querySelector('#zonder-overeenkomst .table-wrap');
  const labels = [...document.querySelectorAll('.chart__label')];
  const nav = document.querySelector('.main-nav ul');
  const link = document.querySelector('.main-nav a');
  return {
    tableClipped: wrap.scrollWidth > wrap.clientWidth + 1,
    labelPx: Math.min(...labels.map(l => l.getBoundingClientRect().height)),
    navRows: link && link.offsetHeight ? Math.round(nav.offsetHeight / link.offsetHeight) : 0,
    pageHeight: document.documentElement.scrollHeight,
    navHidden: nav ? nav.scrollWidth > nav.clientWidth + 1 : false,
  };
}"""


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_dashboard_layout(page, live_server, make_user, day, width, height):
    with live_server.app.app_context():
        build_dashboard_register(day)
        build_agreements(day)
        db.session.commit()
    admin = make_user(UserRole.ADMIN)
    page.set_viewport_size({"width": width, "height": height})
    browser_login(page, admin.email)
    page.goto("/dashboard")
    figures = page.evaluate(MEASURE)
    assert not figures["tableClipped"]
    assert figures["labelPx"] >= 12  # chart labels read like the text beside them
    if width >= 1366:
        assert figures["navRows"] == 1  # the menu on one line, every item in view
        assert not figures["navHidden"]
