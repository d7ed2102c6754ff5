"""Field-level differences between two activity records (history, conflicts, drift).

Works on the plain dicts of `register.activities.record.activity_record` (and stored
snapshots of them). Nested dicts are compared per key (`dpia.status`); lists are compared as
multisets of items, so a list change reads as items added and items removed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from register.activities.catalogue import FIELD_LABELS

# Keys that identify a record rather than describe it.
IGNORED = frozenset({"format", "id"})


@dataclass(frozen=True)
class Change:
    """One changed field: old/new for a value, added/removed items for a list."""

    field: str
    old: Any = None
    new: Any = None
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    is_list: bool = False

    @property
    def label(self) -> str:
        """The Dutch name of the field (the key itself when unknown)."""
        return str(FIELD_LABELS.get(self.field, self.field))


def _pairs(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted path -> (old, new) for every leaf; a nested dict facing None descends too."""
    pairs: dict[str, Any] = {}
    for key in dict.fromkeys([*new, *old]):
        if not prefix and key in IGNORED:
            continue
        a, b = old.get(key), new.get(key)
        if isinstance(a, Mapping) or isinstance(b, Mapping):
            inner_a = a if isinstance(a, Mapping) else {}
            inner_b = b if isinstance(b, Mapping) else {}
            pairs.update(_pairs(inner_a, inner_b, f"{prefix}{key}."))
        else:
            pairs[f"{prefix}{key}"] = (a, b)
    return pairs


def _canonical(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)


def _blank(value: Any) -> Any:
    # An empty text and a missing value say the same thing.
    return None if value == "" else value


def _left_over(items: list[Any], others: list[Any]) -> tuple[Any, ...]:
    """The items of `items` that `others` does not hold (as a multiset)."""
    counts = Counter(_canonical(i) for i in others)
    left = []
    for item in items:
        key = _canonical(item)
        if counts[key] > 0:
            counts[key] -= 1
        else:
            left.append(item)
    return tuple(left)


def _list_delta(old: list[Any], new: list[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(added, removed) from `old` to `new`."""
    return _left_over(new, old), _left_over(old, new)


def diff_records(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[Change]:
    """The differences from `old` to `new` (everything is new when `old` is None)."""
    changes: list[Change] = []
    for path, (a, b) in _pairs(old or {}, new).items():
        if isinstance(a, list) or isinstance(b, list):
            added, removed = _list_delta(list(a or []), list(b or []))
            if added or removed:
                changes.append(Change(path, added=added, removed=removed, is_list=True))
        elif _canonical(_blank(a)) != _canonical(_blank(b)):
            if old is None and b in (None, "", False):
                continue
            changes.append(Change(path, old=a, new=b))
    return changes


# Flags inside list items, shown by name when set.
FLAG_WORDS = {
    "required": _l("verplicht"),
    "special_category": _l("bijzonder persoonsgegeven"),
    "criminal_data": _l("strafrechtelijk gegeven"),
    "national_identifier": _l("nationaal identificatienummer"),
}


def item_text(item: Any) -> str:
    """A one-line text for a list item or value: dict values joined, empty parts skipped."""
    if item is None:
        return ""
    if isinstance(item, bool):
        return _("ja") if item else _("nee")
    if isinstance(item, Mapping):
        parts = []
        for key, value in item.items():
            if isinstance(value, bool):
                if value:
                    parts.append(str(FLAG_WORDS.get(key, key)))
            elif value not in (None, "", []):
                parts.append(item_text(value))
        return " · ".join(p for p in parts if p)
    if isinstance(item, list | tuple):
        return ", ".join(item_text(i) for i in item)
    return str(item)
