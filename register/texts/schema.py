"""The agreement document context schema, defined once, as JSON Schema (draft 2020-12).

``CONTEXT_SCHEMA`` mirrors ``docs/agreement-context.md``. It is used to validate a context
before rendering (``jsonschema``, with a Dutch message per field), to check the
``placeholders`` a template declares, and (in the tests) to prove that the sample contexts in
``sample.py`` cover every path of the schema.

Paths use dots for object keys and ``[]`` for list items: ``controller.dpo.email``,
``products[].subprocessors[].name``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

Schema = dict[str, Any]

_TEXT: Schema = {"type": "string"}
_BOOL: Schema = {"type": "boolean"}
_DATE: Schema = {"type": "string", "format": "date"}
_DATE_TIME: Schema = {"type": "string", "format": "date-time"}


def _object(**properties: Schema) -> Schema:
    """An object with exactly these keys."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _list(items: Schema, *, non_empty: bool = False) -> Schema:
    return {"type": "array", "items": items, **({"minItems": 1} if non_empty else {})}


def _nullable(schema: Schema) -> Schema:
    """The value may be ``null`` instead of matching ``schema``."""
    return {**schema, "type": [schema["type"], "null"]}


_CONTACT = _object(name=_TEXT, email=_TEXT, phone=_TEXT)
_SIGNATORY = _object(name=_TEXT, function=_TEXT)

CONTEXT_SCHEMA: Schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    **_object(
        agreement=_object(
            number=_TEXT,
            title=_TEXT,
            date=_DATE,
            term_start=_DATE,
            term_end=_nullable(_DATE),
            template_id=_TEXT,
            template_version=_TEXT,
            covenant_version=_TEXT,
            licence_date=_DATE,
            notice_period_months={"type": "integer"},
        ),
        processor=_object(
            name=_TEXT,
            legal_form=_TEXT,
            kvk=_TEXT,
            address=_TEXT,
            postcode=_TEXT,
            city=_TEXT,
            country=_TEXT,
            email=_TEXT,
            phone=_TEXT,
            website=_TEXT,
            privacy_contact=_CONTACT,
            dpo=_nullable(_CONTACT),
            # Why no FG is appointed, when none is (art. 30(1)(a)); "" otherwise.
            dpo_not_appointed_reason=_TEXT,
            breach_contact=_CONTACT,
            signatory=_SIGNATORY,
        ),
        controller=_object(
            name=_TEXT,
            legal_form=_TEXT,
            brin=_nullable(_TEXT),
            rio=_nullable(_TEXT),
            kvk=_TEXT,
            address=_TEXT,
            postcode=_TEXT,
            city=_TEXT,
            privacy_contact=_CONTACT,
            dpo=_nullable(_CONTACT),
            breach_contact=_CONTACT,
            signatory=_SIGNATORY,
        ),
        licences=_list(_object(product=_TEXT, start=_DATE, end=_nullable(_DATE), reference=_TEXT)),
        # A document without products makes no sense.
        products=_list(
            _object(
                name=_TEXT,
                url=_TEXT,
                description=_TEXT,
                target_groups=_list(_TEXT),
                users=_list(_TEXT),
                eck_id=_BOOL,
                data_sources=_list(_TEXT),
                data_groups=_list(
                    _object(
                        subject=_TEXT,
                        categories=_list(
                            _object(name=_TEXT, required=_BOOL, purpose=_TEXT, retention=_TEXT)
                        ),
                    )
                ),
                purposes=_list(_object(name=_TEXT, legal_basis=_TEXT)),
                access=_list(_object(who=_TEXT, what=_TEXT)),
                subprocessors=_list(
                    _object(name=_TEXT, service=_TEXT, location=_TEXT, safeguard=_TEXT)
                ),
                processing_locations=_list(_TEXT),
                outside_eea=_BOOL,
                transfers=_list(_object(country=_TEXT, mechanism=_TEXT, safeguards=_TEXT)),
                retention=_list(_object(category=_TEXT, period=_TEXT, trigger=_TEXT, reason=_TEXT)),
                deletion_at_end=_TEXT,
                rights_handling=_TEXT,
                certifications=_list(_TEXT),
                leaflet_version=_TEXT,
                leaflet_date=_DATE,
            ),
            non_empty=True,
        ),
        security=_object(
            measures=_list(_object(name=_TEXT, category=_TEXT, description=_TEXT)),
            certifications=_list(_TEXT),
            policy=_TEXT,
        ),
        deviations=_list(_object(article=_TEXT, text=_TEXT)),
        signatures=_list(
            _object(
                party={"type": "string", "enum": ["controller", "processor"]},
                name=_TEXT,
                function=_TEXT,
                signed_at=_DATE_TIME,
                ip=_TEXT,
            )
        ),
    ),
}

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
