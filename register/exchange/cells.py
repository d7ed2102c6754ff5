"""Turning record values into spreadsheet cells, safely: formulas are neutralised."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from register.characters import xml_text
from register.exchange.columns import ENUM_LABELS, LABEL_SEPARATOR, NO, YES, Column

# A cell that starts with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Values that already start with quote(s) before such a character get one more quote too,
# so that reading strips exactly one and every value survives a round trip.
_NEUTRALISED = re.compile(r"^'*[=+\-@\t\r]")
_UNNEUTRALISE = re.compile(r"^'+[=+\-@\t\r]")
# XLSX cells are typed: only the leading whitespace the import strips is guarded there.
_WHITESPACE_GUARDED = re.compile(r"^'*[\t\r]")
_WHITESPACE_UNGUARD = re.compile(r"^'+[\t\r]")
# Parts stored as unordered sets: written sorted, so that exports are deterministic.
UNORDERED_GROUPS = {"recipients"}


def neutralise(value: str) -> str:
    """Prefix a value that a spreadsheet would run as a formula with an apostrophe."""
    value = xml_text(value)
    return "'" + value if _NEUTRALISED.match(value) else value


def unneutralise(value: str) -> str:
    """Undo `neutralise` on a value read back from a file."""
    return value[1:] if _UNNEUTRALISE.match(value) else value


def guard_whitespace(value: str) -> str:
    """The only guard a typed XLSX text cell needs: an apostrophe before a leading tab or CR
    (which the import would strip as surrounding whitespace). Formulas need none there."""
    return "'" + value if _WHITESPACE_GUARDED.match(value) else value


def unguard_whitespace(value: str) -> str:
    """Undo `guard_whitespace` on a value read from an XLSX cell; any other apostrophe is
    data the user typed and stays."""
    return value[1:] if _WHITESPACE_UNGUARD.match(value) else value


def flag_text(value: Any) -> str:
    """A yes/no value as the files write it."""
    return YES if value else NO


def _one_line(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return flag_text(value)
    return " ".join(str(value).splitlines())


def _lookup(record: Mapping[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def cell_value(column: Column, record: Mapping[str, Any]) -> Any:
    """The value of `column` for a record (a str, a date or None), not yet neutralised."""
    if column.group:
        items = record.get(column.group) or []
        if column.group in UNORDERED_GROUPS:
            items = sorted(items, key=lambda item: str(item.get("name") or "").casefold())
        labels = ENUM_LABELS.get(column.path, {})
        values = [item.get(column.field) for item in items]
        if column.kind == "part_labels":
            parts = [LABEL_SEPARATOR.join(_one_line(v) for v in value or []) for value in values]
        else:
            parts = [_one_line(labels.get(value, value)) for value in values]
        return "\n".join(parts) if any(parts) else ""
    value = _lookup(record, column.path)
    if column.kind == "labels":
        texts = [_one_line(v.get("label") if isinstance(v, Mapping) else v) for v in value or []]
        return "\n".join(sorted(texts, key=str.casefold))
    if column.kind == "enum":
        return ENUM_LABELS[column.path].get(value, value or "")
    if column.kind == "bool":
        return flag_text(value)
    if column.kind == "date":
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(value) if value else None
    if column.kind == "int":
        return value
    return "" if value is None else str(value)


def row_values(columns: Sequence[Column], record: Mapping[str, Any]) -> list[Any]:
    """The cells of one row, in column order."""
    return [cell_value(column, record) for column in columns]


def text_cell(value: Any) -> Any:
    """A value ready for a CSV or XLSX cell: strings neutralised, dates and numbers kept."""
    if isinstance(value, str):
        return neutralise(value)
    return value
