"""Issue 12 in the demo register: the FG decision, AP recommendations (retention reasons,
legitimate-interest assessments, processor agreements, invoice retention) and product pages,
read from the authority's JSON export and the published statement."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

from register.demo.parties import OWN
from register.demo.services import load_demo
from register.exchange.exporting.services import ExportCommand, export_register
from register.extensions import db


@pytest.fixture
def document(app: Any) -> dict[str, Any]:
    with app.app_context():
        load_demo(db.session)
        db.session.commit()
        content = export_register(db.session, ExportCommand("json")).data
        db.session.commit()
    return json.loads(content)


def _controller(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(a for a in document["activities"] if a["name"] == name)


def test_the_demo_records_the_decision_not_to_appoint_an_fg_as_a_demo_value(document):
    organisation = document["organisation"]
    assert organisation["dpo_not_appointed"] is True
    assert organisation["dpo_name"] == ""
    assert organisation["dpo_not_appointed_reason"].startswith("Demowaarde:")
    assert "art. 37" in organisation["dpo_not_appointed_reason"]


def test_retention_reasons_explain_rather_than_restate_the_rule(document):
    rules = [rule for a in document["activities"] for rule in a["retention"]]
    for rule in rules:
        assert rule["reason"], rule
        assert "uiterlijk drie jaar" not in rule["reason"]
        assert rule["reason"] != rule["period"]


def test_tax_retention_covers_the_invoice_not_only_bank_details(document):
    payments = _controller(document, "Betalingen afhandelen")
    taxed = {r["data_category"] for r in payments["retention"] if r["period"] == "7 jaar"}
    assert {"Voor- en achternaam", "Adresgegevens", "Naam organisatie"} <= taxed
    assert any(category.startswith("Betaal- en factuurgegevens") for category in taxed)


def test_every_legitimate_interest_purpose_links_its_assessment(document):
    interests = [
        p
        for a in document["activities"]
        for p in a["purposes"]
        if (p["legal_basis_reference"] or "").endswith("sub f")
    ]
    assert len(interests) == 3
    for purpose in interests:
        assert purpose["lia_link"].startswith("https://"), purpose


def test_recipients_that_process_for_the_company_name_their_processor_agreement(document):
    recipients = {
        name: r
        for name in (
            "Betalingen afhandelen",
            "Nieuwsbrief, publicaties en whitepapers verzenden",
            "Websiteanalyse met Google Analytics",
        )
        for r in _controller(document, name)["recipients"]
        if r["name"] != "Belastingdienst"
    }
    assert len(recipients) == 3
    for recipient in recipients.values():
        assert "demowaarde" in recipient["processor_agreement"], recipient


def test_processor_activities_say_the_legal_basis_is_the_schools(document):
    holders = {a["legal_basis_holder"] for a in document["activities"] if a["role"] == "processor"}
    assert holders == {"controller"}


def test_product_pages_are_not_the_company_homepage(app):
    from register.demo.parties import PRODUCTS

    for product in PRODUCTS:
        assert product["url"] != OWN["website"]
        assert product["url"].startswith("https://www.kpcgroep.example/")  # a demo value
        assert product.get("access"), product["code"]  # who sees what, per role


def test_the_statement_names_the_fg_decision_without_voor(client, app):
    with app.app_context():
        load_demo(db.session)
        db.session.commit()
    page = client.get("/privacyverklaring")
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)).split()))
    assert "Functionaris gegevensbescherming Wij hebben geen functionaris" in text
    assert OWN["dpo_not_appointed_reason"] in text
    assert "voor gegevensbescherming" not in text
