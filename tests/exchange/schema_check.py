"""Validate a document against docs/register-export.schema.json with `jsonschema`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

_FORMATS = FormatChecker(formats=())
# jsonschema checks date-time only with an optional extra package; parse both ourselves.
_FORMATS.checks("date", raises=ValueError)(
    lambda value: not isinstance(value, str) or bool(dt.date.fromisoformat(value))
)
_FORMATS.checks("date-time", raises=ValueError)(
    lambda value: not isinstance(value, str) or bool(dt.datetime.fromisoformat(value))
)


def validate(instance: Any, schema: dict[str, Any]) -> list[str]:
    """Every violation as "path: message"; an empty list means valid."""
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=_FORMATS)
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(instance)]
