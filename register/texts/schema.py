"""The agreement document context schema, defined once.

``CONTEXT_SCHEMA`` mirrors ``docs/agreement-context.md``. It is used to validate a context
before rendering, to check the ``placeholders`` a template declares, and (in the tests) to
prove that the sample contexts in ``sample.py`` cover every path of the schema.

Paths use dots for object keys and ``[]`` for list items: ``controller.dpo.email``,
``products[].subprocessors[].name``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeAlias


class IsoDate:
    """Marker: an ISO date string, ``2026-08-01``."""


class IsoDateTime:
    """Marker: an ISO date-time string with a time zone, ``2026-08-01T14:03:00Z``."""


@dataclass(frozen=True)
class Nullable:
    """The value may be ``None`` instead of matching ``spec``."""

    spec: Spec


@dataclass(frozen=True)
class OneOf:
    """A string from a fixed set of values."""

    values: tuple[str, ...]


Spec: TypeAlias = type | dict[str, "Spec"] | list["Spec"] | Nullable | OneOf

_CONTACT: dict[str, Spec] = {"name": str, "email": str, "phone": str}
_SIGNATORY: dict[str, Spec] = {"name": str, "function": str}

CONTEXT_SCHEMA: dict[str, Spec] = {
    "agreement": {
        "number": str,
        "title": str,
        "date": IsoDate,
        "term_start": IsoDate,
        "term_end": Nullable(IsoDate),
        "template_id": str,
        "template_version": str,
        "covenant_version": str,
        "licence_date": IsoDate,
        "notice_period_months": int,
    },
    "processor": {
        "name": str,
        "legal_form": str,
        "kvk": str,
        "address": str,
        "postcode": str,
        "city": str,
        "country": str,
        "email": str,
        "phone": str,
        "website": str,
        "privacy_contact": _CONTACT,
        "dpo": Nullable(_CONTACT),
        "breach_contact": _CONTACT,
        "signatory": _SIGNATORY,
    },
    "controller": {
        "name": str,
        "legal_form": str,
        "brin": Nullable(str),
        "rio": Nullable(str),
        "kvk": str,
        "address": str,
        "postcode": str,
        "city": str,
        "privacy_contact": _CONTACT,
        "dpo": Nullable(_CONTACT),
        "breach_contact": _CONTACT,
        "signatory": _SIGNATORY,
    },
    "licences": [
        {"product": str, "start": IsoDate, "end": Nullable(IsoDate), "reference": str},
    ],
    "products": [
        {
            "name": str,
            "url": str,
            "description": str,
            "target_groups": [str],
            "users": [str],
            "eck_id": bool,
            "data_sources": [str],
            "data_groups": [
                {
                    "subject": str,
                    "categories": [
                        {"name": str, "required": bool, "purpose": str, "retention": str},
                    ],
                },
            ],
            "purposes": [{"name": str, "legal_basis": str}],
            "access": [{"who": str, "what": str}],
            "subprocessors": [{"name": str, "service": str, "location": str, "safeguard": str}],
            "processing_locations": [str],
            "outside_eea": bool,
            "transfers": [{"country": str, "mechanism": str, "safeguards": str}],
            "retention": [{"category": str, "period": str, "trigger": str, "reason": str}],
            "deletion_at_end": str,
            "rights_handling": str,
            "certifications": [str],
            "leaflet_version": str,
            "leaflet_date": IsoDate,
        },
    ],
    "security": {
        "measures": [{"name": str, "category": str, "description": str}],
        "certifications": [str],
        "policy": str,
    },
    "deviations": [{"article": str, "text": str}],
    "signatures": [
        {
            "party": OneOf(("controller", "processor")),
            "name": str,
            "function": str,
            "signed_at": IsoDateTime,
            "ip": str,
        },
    ],
}

#: Lists that must hold at least one item for a document to make sense.
NON_EMPTY_LISTS = frozenset({"products"})

#: Variables bound while rendering a per-product annex (not context keys).
PER_PRODUCT_VARIABLES = frozenset({"product", "product_index"})


def known_paths() -> frozenset[str]:
    """Every path of the schema, objects and lists included (``products``, ``products[]``)."""
    return frozenset(_spec_paths(CONTEXT_SCHEMA, ""))


def _spec_paths(spec: Spec, path: str) -> Iterator[str]:
    if isinstance(spec, Nullable):
        yield from _spec_paths(spec.spec, path)
        return
    if path:
        yield path
    if isinstance(spec, dict):
        for key, child in spec.items():
            yield from _spec_paths(child, f"{path}.{key}" if path else key)
    elif isinstance(spec, list):
        yield from _spec_paths(spec[0], f"{path}[]")


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
    problems = list(_validate(context, CONTEXT_SCHEMA, "context"))
    if isinstance(context, Mapping):
        for key in sorted(NON_EMPTY_LISTS):
            if isinstance(context.get(key), list) and not context[key]:
                problems.append(f"{key}: de lijst is leeg, er is ten minste één item nodig")
    return problems


def _validate(value: Any, spec: Spec, path: str) -> Iterator[str]:
    if isinstance(spec, Nullable):
        if value is not None:
            yield from _validate(value, spec.spec, path)
    elif isinstance(spec, dict):
        if not isinstance(value, Mapping):
            yield f"{path}: verwacht een object, gevonden {_kind(value)}"
            return
        prefix = "" if path == "context" else f"{path}."
        for key, child in spec.items():
            if key in value:
                yield from _validate(value[key], child, prefix + key)
            else:
                yield f"{prefix}{key}: ontbreekt"
        for key in value:
            if key not in spec:
                yield f"{prefix}{key}: onbekende sleutel (niet in het contextschema)"
    elif isinstance(spec, list):
        if not isinstance(value, list):
            yield f"{path}: verwacht een lijst, gevonden {_kind(value)}"
            return
        for index, item in enumerate(value):
            yield from _validate(item, spec[0], f"{path}[{index}]")
    elif isinstance(spec, OneOf):
        if value not in spec.values:
            yield f"{path}: verwacht één van {', '.join(spec.values)}, gevonden {value!r}"
    else:
        problem = _scalar_problem(value, spec)
        if problem:
            yield f"{path}: {problem}"


def _scalar_problem(value: Any, spec: type) -> str | None:
    if spec is IsoDate:
        return None if _parses(value, date.fromisoformat, 10) else _expected("ISO-datum", value)
    if spec is IsoDateTime:
        if not _parses(value, datetime.fromisoformat, None):
            return _expected("ISO-tijdstip", value)
        if datetime.fromisoformat(value).tzinfo is None:
            return f"tijdstip zonder tijdzone: {value!r}"
        return None
    if spec is bool:
        return None if isinstance(value, bool) else _expected("Ja/Nee (bool)", value)
    if spec is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else _expected("een geheel getal", value)
    if spec is str:
        return None if isinstance(value, str) else _expected("tekst", value)
    raise TypeError(f"unsupported schema type {spec!r}")


def _parses(value: Any, parse: Any, length: int | None) -> bool:
    if not isinstance(value, str) or (length is not None and len(value) != length):
        return False
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _expected(what: str, value: Any) -> str:
    shown = repr(value) if isinstance(value, str) else _kind(value)
    return f"verwacht {what}, gevonden {shown}"


def _kind(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "bool"
    return type(value).__name__
