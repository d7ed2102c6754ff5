"""The agreement document context schema, defined once, as JSON Schema (draft 2020-12).

``CONTEXT_SCHEMA`` is read from ``context.schema.json`` (next to this module) and mirrors
``docs/agreement-context.md``: every object lists all its keys as required and refuses
others; the contact and signatory objects are defined once (``$defs``). It is used to
validate a context before rendering (``jsonschema``, with a Dutch message per field), to
check the ``placeholders`` a template declares, and (in the tests) to prove that the sample
contexts in ``sample.py`` cover every path of the schema.

Paths use dots for object keys and ``[]`` for list items: ``controller.dpo.email``,
``products[].subprocessors[].name``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

Schema = dict[str, Any]

#: A standard JSON Schema file: editors and other tools can read it too.
SCHEMA_FILE = Path(__file__).with_name("context.schema.json")

CONTEXT_SCHEMA: Schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))

#: The context's top-level keys: the variables a template may use.
TOP_LEVEL_KEYS = frozenset(CONTEXT_SCHEMA["properties"])

#: Variables bound while rendering a per-product annex (not context keys).
PER_PRODUCT_VARIABLES = frozenset({"product", "product_index"})

_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or (len(value) == 10 and bool(date.fromisoformat(value)))


@_FORMATS.checks("date-time", raises=ValueError)
def _is_aware_date_time(value: object) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


_VALIDATOR = Draft202012Validator(CONTEXT_SCHEMA, format_checker=_FORMATS)


def known_paths() -> frozenset[str]:
    """Every path of the schema, objects and lists included (``products``, ``products[]``)."""
    return frozenset(_schema_paths(CONTEXT_SCHEMA, ""))


def _schema_paths(schema: Schema, path: str) -> Iterator[str]:
    if path:
        yield path
    if "$ref" in schema:  # only local definitions: "#/$defs/<name>"
        schema = {**CONTEXT_SCHEMA["$defs"][schema["$ref"].rpartition("/")[2]], **schema}
    for key, child in schema.get("properties", {}).items():
        yield from _schema_paths(child, f"{path}.{key}" if path else key)
    if "items" in schema:
        yield from _schema_paths(schema["items"], f"{path}[]")


def context_paths(value: Any, path: str = "") -> set[str]:
    """The paths actually present in a context (lists contribute their items' paths)."""
    found = {path} if path else set()
    if isinstance(value, Mapping):
        for key, child in value.items():
            found |= context_paths(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for item in value:
            found |= context_paths(item, f"{path}[]")
    return found


def validate_context(context: Any) -> list[str]:
    """Dutch problem descriptions for a context that does not match the schema."""
    errors = sorted(_VALIDATOR.iter_errors(context), key=lambda e: list(map(str, e.path)))
    return [problem for error in errors for problem in _problems(error)]


def _problems(error: ValidationError) -> Iterator[str]:
    """One Dutch message per field the error concerns."""
    path = _path(error.absolute_path)
    prefix = f"{path}." if error.absolute_path else ""
    # jsonschema types these loosely (a keyword's value may be anything); the schema is ours.
    value: Any = error.instance
    kind: Any = error.validator
    keyword: Any = error.validator_value
    schema: Any = error.schema
    if kind == "required":
        for key in keyword:
            if key not in value:
                yield f"{prefix}{key}: ontbreekt"
    elif kind == "additionalProperties":
        for key in value:
            if key not in schema.get("properties", {}):
                yield f"{prefix}{key}: onbekende sleutel (niet in het contextschema)"
    elif kind == "minItems":
        yield f"{path}: de lijst is leeg, er is ten minste één item nodig"
    elif kind == "enum":
        choices = ", ".join(keyword)
        yield f"{path}: verwacht één van {choices}, gevonden {value!r}"
    elif kind == "format" and keyword == "date-time" and _parses_as_time(value):
        yield f"{path}: tijdstip zonder tijdzone: {value!r}"
    else:  # type or format
        yield f"{path}: {_expected(schema, value)}"


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "context"


def _parses_as_time(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


_WHAT = {
    "date": "ISO-datum",
    "date-time": "ISO-tijdstip",
    "boolean": "Ja/Nee (bool)",
    "integer": "een geheel getal",
    "string": "tekst",
}


def _expected(schema: Schema, value: Any) -> str:
    kind = schema["type"][0] if isinstance(schema["type"], list) else schema["type"]
    if kind == "object":
        return f"verwacht een object, gevonden {_kind(value)}"
    if kind == "array":
        return f"verwacht een lijst, gevonden {_kind(value)}"
    shown = repr(value) if isinstance(value, str) else _kind(value)
    what = _WHAT[str(schema.get("format", kind))]
    return f"verwacht {what}, gevonden {shown}"


def _kind(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "bool"
    return type(value).__name__
