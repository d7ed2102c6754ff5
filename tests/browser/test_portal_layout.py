"""The school portal's agreement page as laid out in chromium, on a laptop and on a phone.

Issue 11, item 13: three defects of the review page were fixed and tested over HTTP only.
These tests look at the rendered page at 1366x768 and at 390x844:

(a) the reason box belongs to rejecting: it sits in the reject form, folded away and below
    the approve form, never inside or directly under it, and "Goedkeuren" fits the screen;
(b) no SHA-256 hash is readable until the school opens a "Technische gegevens" element;
(c) a replacement agreement names, in visible text, the agreement it replaces.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import BROWSER_TIMEOUT_MS, LiveServer, browser_login

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}
HASH = re.compile(r"\b[0-9a-fA-F]{64}\b")


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request: pytest.FixtureRequest, browser: Any, live_server: LiveServer) -> Any:
    """A fresh browser context at the parametrised viewport."""
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": height}
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def open_agreement(page: Any, email: str, agreement_id: int) -> None:
    browser_login(page, email)
    response = page.goto(f"/portaal/{agreement_id}")
    assert response is not None and response.status == 200
    page.locator("h1").wait_for()


def no_horizontal_overflow(page: Any) -> None:
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"page is {scroll}px wide in a {inner}px window"


def inside_viewport_width(page: Any, locator: Any) -> None:
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    inner = page.evaluate("() => window.innerWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= inner, (box, inner)


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_the_reason_box_belongs_to_rejecting_not_to_approving(sized_page, build, people):
    page = sized_page
    agreement_id = build("in_review")
    open_agreement(page, people["school"].email, agreement_id)

    approve_form = page.locator("form.approve")
    approve = approve_form.get_by_role("button", name="Goedkeuren")
    reason = page.locator('textarea[name="reason"]')
    assert approve_form.count() == 1 and reason.count() == 1

    # In the DOM: the textarea's form is the reject form, and the approve form has no reason.
    owner = reason.evaluate(
        "t => ({action: t.closest('form').getAttribute('action'),"
        " approve: t.closest('form').classList.contains('approve'),"
        " inDetails: !!t.closest('details.reject')})"
    )
    assert owner["action"].endswith(f"/portaal/{agreement_id}/afwijzen"), owner
    assert not owner["approve"] and owner["inDetails"], owner
    assert approve_form.locator("textarea, [name=reason]").count() == 0
    assert approve_form.evaluate("f => f.getAttribute('action')").endswith("/goedkeuren")

    # On screen: approving asks no reason; the reason is folded away under its own summary.
    approve.wait_for(state="visible")
    assert not reason.is_visible(), "the reason box shows next to 'Goedkeuren'"
    inside_viewport_width(page, approve)
    no_horizontal_overflow(page)
    approve_box = approve_form.bounding_box()
    button_box = approve.bounding_box()
    assert approve_box is not None and button_box is not None

    # Opened, the reject form lies wholly below the approve action, not inside or over it.
    summary = page.locator("details.reject > summary")
    assert summary.inner_text().strip() == "Afwijzen, met een reden"
    summary_box = summary.bounding_box()
    assert summary_box is not None
    assert summary_box["y"] >= button_box["y"] + button_box["height"], (summary_box, button_box)
    summary.click()
    reason.wait_for(state="visible")
    # Boxes are relative to the viewport, and the click may have scrolled: measure again.
    approve_box, button_box = approve_form.bounding_box(), approve.bounding_box()
    summary_box, reason_box = summary.bounding_box(), reason.bounding_box()
    assert approve_box is not None and button_box is not None and summary_box is not None
    reject_box = page.locator("details.reject").bounding_box()
    assert reason_box is not None and reject_box is not None
    assert not overlaps(reason_box, approve_box) and not overlaps(reason_box, button_box)
    # Between the approve button and the reason sits the reject form's own heading.
    assert reason_box["y"] >= summary_box["y"] + summary_box["height"], (reason_box, summary_box)
    assert reject_box["y"] >= button_box["y"] + button_box["height"], (reject_box, button_box)
    # Visually apart too: a clear gap and a dividing line, not the reason box flush under
    # "Goedkeuren" (the original defect, in a layout a DOM check alone would not catch).
    gap = reject_box["y"] - (button_box["y"] + button_box["height"])
    assert gap >= 16, f"the reject form starts {gap:.0f}px under 'Goedkeuren'"
    border = page.locator("details.reject").evaluate("d => getComputedStyle(d).borderTopWidth")
    assert float(border.removesuffix("px")) >= 1, border
    assert page.locator("details.reject").get_by_role("button", name="Afwijzen").is_visible()
    assert page.locator("details.reject").get_by_role("button", name="Goedkeuren").count() == 0
    inside_viewport_width(page, reason)
    inside_viewport_width(page, approve)
    no_horizontal_overflow(page)

    # Approving still works without a reason (the confirmation dialog accepted).
    page.on("dialog", lambda dialog: dialog.accept())
    approve.click()
    page.get_by_text("U heeft de overeenkomst goedgekeurd").wait_for()


# Every text node with a 64-hex-digit hash, and whether a closed <details> hides it (its
# <summary> is shown even when closed, so a hash in a summary counts as visible).
HASHES_IN_DOM = """
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const hash = /\\b[0-9a-fA-F]{64}\\b/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!hash.test(node.nodeValue)) continue;
    const element = node.parentElement;
    let hidden = false;
    for (let d = element.closest('details'); d; d = d.parentElement.closest('details')) {
      const summary = d.querySelector(':scope > summary');
      if (!d.open && !(summary && summary.contains(element))) { hidden = true; break; }
    }
    found.push({text: node.nodeValue.trim(), hidden: hidden});
  }
  return found;
}
"""


def test_no_hash_is_shown_until_technical_details_are_opened(sized_page, build, people):
    page = sized_page
    agreement_id = build("in_review")
    open_agreement(page, people["school"].email, agreement_id)

    visible_text = page.locator("body").inner_text()
    assert not HASH.search(visible_text), HASH.search(visible_text)
    hashes = page.evaluate(HASHES_IN_DOM)
    assert hashes, "the page should carry the documents' hashes, folded away"
    assert all(h["hidden"] for h in hashes), [h for h in hashes if not h["hidden"]]
    no_horizontal_overflow(page)

    # Opening "Technische gegevens" shows them: the check above is not vacuous.
    technical = page.locator("details.technical")
    for i in range(technical.count()):
        technical.nth(i).locator(":scope > summary").click()
    assert HASH.search(page.locator("body").inner_text())
    assert page.locator("code").filter(has_text=HASH).first.is_visible()


def test_a_replacement_names_the_agreement_it_replaces(sized_page, build, replace, people):
    page = sized_page
    new_id, old_number = replace(build("signed"))
    open_agreement(page, people["school"].email, new_id)

    visible_text = page.locator("body").inner_text()
    assert old_number in visible_text
    replaces = page.locator("dd.replaces")
    assert replaces.is_visible()
    assert old_number in replaces.inner_text()
    assert page.locator("dt", has_text="Vervangt").is_visible()
    assert "Bewaartermijnen" in replaces.inner_text()  # and what changed
    inside_viewport_width(page, replaces)
    no_horizontal_overflow(page)
