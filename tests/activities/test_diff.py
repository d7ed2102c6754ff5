"""Field-level differences between two records."""

from __future__ import annotations

from register.activities.diff import Change, diff_records, item_text
from tests.activities.records import COMPLETE_CONTROLLER, COMPLETE_PROCESSOR, record


def test_identical_records_have_no_changes():
    assert diff_records(COMPLETE_CONTROLLER, record(COMPLETE_CONTROLLER)) == []


def test_scalar_change_names_old_and_new():
    changes = diff_records(COMPLETE_CONTROLLER, record(COMPLETE_CONTROLLER, owner="DPO"))
    assert changes == [Change("owner", old="Hoofd marketing", new="DPO")]
    assert changes[0].label == "Eigenaar"


def test_list_changes_are_added_and_removed_items():
    new = record(COMPLETE_CONTROLLER, data_subjects=["Abonnees", "Klanten", "Klanten"])
    new["retention"][0]["period"] = "2 jaar"
    changes = {c.field: c for c in diff_records(COMPLETE_CONTROLLER, new)}
    assert set(changes) == {"data_subjects", "retention"}
    assert changes["data_subjects"].added == ("Klanten", "Klanten")
    assert changes["data_subjects"].removed == ()
    assert changes["retention"].is_list
    assert [r["period"] for r in changes["retention"].added] == ["2 jaar"]
    assert [r["period"] for r in changes["retention"].removed] == ["Tot afmelding"]


def test_nested_dicts_compare_per_key_also_against_none():
    changes = {c.field: c for c in diff_records(COMPLETE_CONTROLLER, COMPLETE_PROCESSOR)}
    assert changes["product.code"] == Change("product.code", old=None, new="DOENIN")
    assert changes["role"].new == "processor"
    dpia = record(COMPLETE_CONTROLLER, dpia={"required": True, "status": "not_needed", "link": ""})
    assert diff_records(COMPLETE_CONTROLLER, dpia) == [Change("dpia.required", old=False, new=True)]
    assert "format" not in changes and "id" not in changes


def test_first_version_is_all_new():
    changes = diff_records(None, COMPLETE_CONTROLLER)
    fields = [c.field for c in changes]
    assert fields[0] == "name" and "purposes" in fields and "joint_controller" not in fields


def test_item_text_joins_values_and_names_flags():
    item = {
        "category": "Gezondheid",
        "data_subject": None,
        "required": True,
        "special_category": True,
        "criminal_data": False,
    }
    assert item_text(item) == "Gezondheid · verplicht · bijzonder persoonsgegeven"
    assert item_text(["a", "b"]) == "a, b"
    assert item_text(None) == ""
