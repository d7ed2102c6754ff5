"""Completeness of art. 30 records, judged on plain record dicts."""

from __future__ import annotations

import pytest

from register.activities.completeness import (
    NO_RECIPIENTS,
    MissingItem,
    RegisterFacts,
    mandatory_missing,
    missing_items,
)
from tests.activities.records import COMPLETE_CONTROLLER, COMPLETE_PROCESSOR, record

FACTS = RegisterFacts(own_contact_complete=True, controllers_by_product={"DOENIN": 3})


def codes(items: list[MissingItem]) -> list[str]:
    return [i.code for i in items]


def test_complete_records_miss_nothing():
    assert missing_items(COMPLETE_CONTROLLER, FACTS) == []
    assert missing_items(COMPLETE_PROCESSOR, FACTS) == []


@pytest.mark.parametrize(
    ("changes", "code", "article", "message"),
    [
        ({"purposes": []}, "purposes", "art. 30 lid 1 sub b", "Er is geen doel vastgelegd."),
        ({"data_subjects": []}, "data_subjects", "art. 30 lid 1 sub c", "betrokkenen"),
        ({"data_categories": []}, "data_categories", "art. 30 lid 1 sub c", "persoonsgegevens"),
        ({"recipient_categories": []}, "recipients", "art. 30 lid 1 sub d", NO_RECIPIENTS),
        ({"retention": []}, "retention", "art. 30 lid 1 sub f", "bewaartermijn"),
        (
            {"retention": [{"period": " ", "reason": "x"}]},
            "retention",
            "art. 30 lid 1 sub f",
            "bewaartermijn",
        ),
        ({"security_measures": []}, "security", "art. 30 lid 1 sub g", "beveiliging"),
        ({"owner": ""}, "owner", "AP-aanbeveling", "eigenaar"),
        ({"review_date": None}, "review_date", "AP-aanbeveling", "herzieningsdatum"),
        (
            {"transfers": [{"country": "Verenigde Staten", "mechanism": None, "safeguards": ""}]},
            "transfer_safeguards",
            "art. 30 lid 1 sub e",
            "Verenigde Staten",
        ),
        (
            {"transfers": [{"country": "", "mechanism": "SCC", "safeguards": ""}]},
            "transfer_country",
            "art. 30 lid 1 sub e",
            "land",
        ),
        (
            {"subprocessors": [{"name": "Hoster", "service": "Hosting", "location": ""}]},
            "subprocessor_incomplete",
            "art. 28 lid 2 en 4",
            "Hoster",
        ),
        (
            {"automated_decision_making": True},
            "automated_decision_logic",
            "art. 22",
            "logica",
        ),
    ],
)
def test_each_mandatory_controller_item(changes, code, article, message):
    items = missing_items(record(COMPLETE_CONTROLLER, **changes), FACTS)
    assert codes(items) == [code]
    assert items[0].article == article
    assert message in items[0].message
    assert items[0].mandatory


def test_every_purpose_needs_a_legal_basis():
    purposes = [
        {"purpose": "Nieuwsbrief", "legal_basis": "Toestemming"},
        {"purpose": "Analyse", "legal_basis": None},
    ]
    items = mandatory_missing(record(COMPLETE_CONTROLLER, purposes=purposes), FACTS)
    assert [(i.code, i.message) for i in items] == [
        ("legal_basis", "Het doel ‘Analyse’ heeft geen grondslag.")
    ]


def test_special_categories_need_an_art9_condition_for_every_purpose():
    category = {"category": "Gezondheid", "special_category": True}
    purposes = [
        {"purpose": "Verzuim", "legal_basis": "Wettelijke plicht", "special_condition": "9-2-b"},
        {"purpose": "Re-integratie", "legal_basis": "Wettelijke plicht"},
    ]
    items = missing_items(
        record(COMPLETE_CONTROLLER, data_categories=[category], purposes=purposes), FACTS
    )
    assert codes(items) == ["special_condition"]
    assert "Re-integratie" in items[0].message and items[0].article == "art. 9 lid 2"


def test_named_recipients_suffice_without_categories():
    named = [{"name": "Belastingdienst", "kind": "recipient", "location": "Nederland"}]
    assert (
        missing_items(record(COMPLETE_CONTROLLER, recipient_categories=[], recipients=named), FACTS)
        == []
    )


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"storage_location": ""}, "storage_location"),
        ({"dpia": {"required": True, "status": "in_progress", "link": ""}}, "dpia"),
        (
            {"retention": [{"period": "1 jaar", "reason": "", "legal_exception": ""}]},
            "retention_reason",
        ),
        (
            {
                "purposes": [
                    {
                        "purpose": "Analyse",
                        "legal_basis": "Gerechtvaardigd belang",
                        "legal_basis_reference": "AVG art. 6 lid 1 sub f",
                        "legitimate_interest": "",
                    }
                ]
            },
            "legitimate_interest",
        ),
    ],
)
def test_advice_items_do_not_block(changes, code):
    target = record(COMPLETE_CONTROLLER, **changes)
    assert codes(missing_items(target, FACTS)) == [code]
    assert mandatory_missing(target, FACTS) == []


def test_own_organisation_contact_is_checked_when_known():
    assert codes(missing_items(COMPLETE_CONTROLLER, RegisterFacts(own_contact_complete=False))) == [
        "own_contact"
    ]
    item = missing_items(COMPLETE_PROCESSOR, RegisterFacts(own_contact_complete=False))[0]
    assert item.article == "art. 30 lid 2 sub a"
    # Unknown facts are not judged (e.g. an imported record outside the database).
    assert missing_items(COMPLETE_CONTROLLER) == []


def test_processor_without_licences_has_no_controllers():
    facts = RegisterFacts(own_contact_complete=True, controllers_by_product={"SVA": 4})
    items = mandatory_missing(COMPLETE_PROCESSOR, facts)
    assert [(i.code, i.message) for i in items] == [
        (
            "controllers",
            "Er zijn geen verwerkingsverantwoordelijken (scholen met een licentie) voor dit "
            "product.",
        )
    ]


@pytest.mark.parametrize(
    ("changes", "code", "article", "mandatory"),
    [
        ({"product": None}, "product", "art. 30 lid 2 sub a", True),
        ({"processing_categories": "  "}, "processing_categories", "art. 30 lid 2 sub b", True),
        (
            {"security_description": "", "security_measures": []},
            "security",
            "art. 30 lid 2 sub d",
            True,
        ),
        (
            {"transfers": [{"country": "India", "mechanism": "", "safeguards": ""}]},
            "transfer_safeguards",
            "art. 30 lid 2 sub c",
            True,
        ),
        ({"data_categories": []}, "data_categories", "art. 28 lid 3", True),
        ({"data_subjects": []}, "data_subjects", "art. 28 lid 3", True),
        ({"purposes": []}, "purposes", "art. 28 lid 3", False),
        ({"retention": []}, "retention", "art. 28 lid 3 sub g", False),
        (
            {"subprocessors": [{"name": "X", "service": "", "location": "NL"}]},
            "subprocessor_incomplete",
            "art. 28 lid 2 en 4",
            True,
        ),
    ],
)
def test_each_processor_item(changes, code, article, mandatory):
    items = missing_items(record(COMPLETE_PROCESSOR, **changes), FACTS)
    assert [(i.code, i.article, i.mandatory) for i in items] == [(code, article, mandatory)]


def test_processor_needs_no_recipients():
    assert missing_items(record(COMPLETE_PROCESSOR, recipient_categories=[]), FACTS) == []


def test_a_broken_snapshot_is_judged_not_crashed():
    items = missing_items({"role": "controller", "purposes": "nonsense", "dpia": None}, FACTS)
    assert {"purposes", "data_subjects", "retention", "security", "owner"} <= set(codes(items))
