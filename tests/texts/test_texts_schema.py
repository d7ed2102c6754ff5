"""The context schema: the samples match it and cover it; invalid contexts are described."""

from __future__ import annotations

import pytest

from register.texts import edge_case_context, sample_context, validate_context
from register.texts.schema import CONTEXT_SCHEMA, context_paths, known_paths


def test_samples_match_the_schema():
    assert validate_context(sample_context()) == []
    assert validate_context(edge_case_context()) == []


def test_samples_together_cover_every_schema_path():
    covered = context_paths(sample_context()) | context_paths(edge_case_context())

    assert covered == known_paths()


def _objects(schema):
    if "properties" in schema:
        yield schema
    for child in (*schema.get("properties", {}).values(), *schema.get("$defs", {}).values()):
        yield from _objects(child)
    if "items" in schema:
        yield from _objects(schema["items"])


def test_every_object_of_the_schema_file_requires_all_its_keys_and_no_others():
    objects = list(_objects(CONTEXT_SCHEMA))

    assert len(objects) > 10
    for schema in objects:
        assert schema["required"] == list(schema["properties"])
        assert schema["additionalProperties"] is False


def test_known_paths_use_dots_and_list_markers():
    paths = known_paths()

    assert {
        "controller.name",
        "controller.dpo.email",
        "products[].subprocessors",
        "products[].subprocessors[].name",
        "products[].target_groups[]",
        "signatures[].signed_at",
    } <= paths
    assert "controller.naam" not in paths


def test_sample_returns_a_fresh_copy():
    first = sample_context()
    first["products"][0]["access"].clear()

    assert sample_context()["products"][0]["access"]


def _mutate(context, change):
    if change == "missing":
        del context["processor"]["kvk"]
    elif change == "unknown":
        context["agreement"]["colour"] = "blue"
    elif change == "type":
        context["agreement"]["notice_period_months"] = "3"
    elif change == "bool":
        context["products"][1]["eck_id"] = "nee"
    elif change == "date":
        context["agreement"]["term_start"] = "01-08-2026"
    elif change == "naive time":
        context["signatures"][0]["signed_at"] = "2026-07-15T09:12:00"
    elif change == "party":
        context["signatures"][0]["party"] = "school"
    elif change == "list":
        context["products"][0]["users"] = "Leerlingen"
    elif change == "empty products":
        context["products"] = []
    elif change == "null":
        context["controller"]["name"] = None
    return context


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("missing", "processor.kvk: ontbreekt"),
        ("unknown", "agreement.colour: onbekende sleutel (niet in het contextschema)"),
        ("type", "agreement.notice_period_months: verwacht een geheel getal, gevonden '3'"),
        ("bool", "products[1].eck_id: verwacht Ja/Nee (bool), gevonden 'nee'"),
        ("date", "agreement.term_start: verwacht ISO-datum, gevonden '01-08-2026'"),
        ("naive time", "signatures[0].signed_at: tijdstip zonder tijdzone: '2026-07-15T09:12:00'"),
        ("party", "signatures[0].party: verwacht één van controller, processor, gevonden 'school'"),
        ("list", "products[0].users: verwacht een lijst, gevonden str"),
        ("empty products", "products: de lijst is leeg, er is ten minste één item nodig"),
        ("null", "controller.name: verwacht tekst, gevonden None"),
    ],
)
def test_invalid_contexts_are_described_in_dutch(change, expected):
    assert validate_context(_mutate(sample_context(), change)) == [expected]


def test_a_non_mapping_context_is_described():
    assert validate_context(["not", "a", "dict"]) == ["context: verwacht een object, gevonden list"]
