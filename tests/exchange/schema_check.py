"""A tiny JSON Schema validator for the subset docs/register-export.schema.json uses.

Supported: type (one or a list), const, enum, required, properties, additionalProperties
(false or a schema), items, oneOf, $ref to "#/$defs/...", format date and date-time.
Anything else in the schema is an error, so the subset cannot silently grow.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}
_KNOWN = {
    "$schema", "$id", "$defs", "title", "description", "type", "const", "enum", "required",
    "properties", "additionalProperties", "items", "oneOf", "$ref", "format",
}  # fmt: skip


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def validate(
    instance: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, path: str = "$"
) -> list[str]:
    """Every violation as "path: message"; an empty list means valid."""
    root = root or schema
    unknown = set(schema) - _KNOWN
    if unknown:
        raise ValueError(f"unsupported schema keywords at {path}: {sorted(unknown)}")
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return validate(instance, target, root, path)
    errors: list[str] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(instance, n) for n in names):
            return [f"{path}: expected {names}, got {type(instance).__name__}"]
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{path}: expected {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: {instance!r} not in {schema['enum']}")
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if not validate(instance, s, root, path)]
        if len(matches) != 1:
            errors.append(f"{path}: matches {len(matches)} of oneOf")
    if schema.get("format") in ("date", "date-time") and isinstance(instance, str):
        parse = dt.date.fromisoformat if schema["format"] == "date" else dt.datetime.fromisoformat
        try:
            parse(instance)
        except ValueError:
            errors.append(f"{path}: not a {schema['format']}")
    if isinstance(instance, dict):
        for name in schema.get("required", []):
            if name not in instance:
                errors.append(f"{path}: missing {name!r}")
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for name, value in instance.items():
            if name in properties:
                errors += validate(value, properties[name], root, f"{path}.{name}")
            elif extra is False:
                errors.append(f"{path}: unexpected {name!r}")
            elif isinstance(extra, dict):
                errors += validate(value, extra, root, f"{path}.{name}")
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            errors += validate(item, schema["items"], root, f"{path}[{index}]")
    return errors
