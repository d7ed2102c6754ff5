"""The agreement's and leaflet's FG mention is filled from the register: the processor's FG,
or that none is appointed and why (art. 30(1)(a)), in models 3.0 and 4.0."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from register.texts import edge_case_context, get_template, render_document, render_leaflet


def _text(document: str) -> str:
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", document.split("<body>", 1)[-1]))
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("template_id", ["convenant-4.0", "convenant-3.0"])
def test_no_fg_is_stated_with_its_reason_in_agreement_and_leaflet(template_id):
    info = get_template(template_id, "1")
    context = edge_case_context()
    context["agreement"].update(template_id=info.id, covenant_version=info.covenant_version)
    reason = context["processor"]["dpo_not_appointed_reason"]
    assert reason
    agreement = _text(render_document(info, context))
    assert reason in agreement
    leaflet = _text(render_leaflet(info, context, 0))
    assert f"Functionaris gegevensbescherming niet aangewezen. Reden: {reason}" in leaflet
    assert "functionaris voor gegevensbescherming" not in (agreement + leaflet).lower()
