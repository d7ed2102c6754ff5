"""A round in the real browser: choose the set, see the schools, start, follow it to its end."""

from __future__ import annotations

import re

import pytest

from tests.conftest import browser_login
from tests.portal.test_browser import live_worker  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_start_a_round_and_follow_it_to_its_end(page, live_worker, reg, people, more_schools):  # noqa: F811
    more_schools(2)
    browser_login(page, people["privacy"].email)
    page.goto("/overeenkomsten/")
    page.get_by_role("link", name="Rondes").click()
    page.get_by_label("Licenties zonder overeenkomst").check()
    page.get_by_label("Product").select_option(label="DOENIN")
    page.get_by_role("button", name="Bekijk de scholen").click()

    # The preview: how many, and which schools; nothing has started yet.
    page.get_by_text("4 overeenkomst(en)").wait_for()
    for school in ("Stichting Voorbeeldscholen", "Andere Scholengroep", "Scholengroep 001"):
        assert page.get_by_role("cell", name=school).is_visible()
    page.get_by_role("button", name="Ronde starten").click()
    page.get_by_text("De ronde is gestart met 4 overeenkomst(en).").wait_for()
    round_url = page.url
    assert re.search(r"/overeenkomsten/rondes/\d+$", round_url)

    # The page refreshes itself (no script) until the worker has sent every agreement.
    status = page.get_by_role("status")
    status.get_by_text("Afgerond").wait_for(timeout=180_000)
    figures = page.locator("table.round-figures tbody tr").first
    assert figures.locator("td").nth(2).inner_text() == "4 / 4"  # sent
    assert figures.locator("td").nth(5).inner_text() == "4"  # offered to the schools
    rows = page.locator("table.data").last.locator("tbody tr")
    assert rows.count() == 4
    assert all("Verzonden" in rows.nth(i).inner_text() for i in range(4))

    # The dashboard shows where the round stands.
    page.goto("/dashboard")
    panel = page.locator("#rondes")
    assert panel.get_by_role("heading", name="Stand per ronde").is_visible()
    assert panel.locator("tbody tr").first.locator("td").nth(2).inner_text() == "4 / 4"
