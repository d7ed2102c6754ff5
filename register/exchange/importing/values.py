"""Reading cell values back: text, yes/no, the Dutch enum words, dates and item lines."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from register.exchange.cells import unguard_whitespace
from register.exchange.columns import ENUM_LABELS

_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x", "✓"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0", "", "-"}
# English (Fides) words for the enum values, next to our own Dutch words and the raw values.
_SYNONYMS = {
    "role": {
        "controller": "controller",
        "processor": "processor",
        "verantwoordelijke": "controller",
    },
    "status": {"concept": "draft", "active": "active", "retired": "retired", "draft": "draft"},
    "dpia.status": {
        "not needed": "not_needed",
        "not required": "not_needed",
        "not started": "not_started",
        "in progress": "in_progress",
        "completed": "completed",
        "complete": "completed",
        "done": "completed",
    },
    "recipients.kind": {"recipient": "recipient", "subprocessor": "subprocessor"},
}
_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")


class ValueProblem(ValueError):
    """A cell value that cannot be read; the message is Dutch."""


def is_web_link(value: str) -> bool:
    """Whether a link is empty or an http(s) address (never javascript:, data:, file:)."""
    if not value:
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


LINK_PROBLEM = "een link moet beginnen met http:// of https://."


def text(value: Any) -> str:
    """A cell as text: numbers and dates written plainly, neutralised formulas restored."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return unguard_whitespace(str(value).strip())


def lines(value: Any, *, flat: bool) -> list[str]:
    """The items of a cell: one per line (flat layouts: or separated by semicolons).

    Leading empty lines count: they are the empty first items of an aligned column.
    """
    raw = unguard_whitespace(value) if isinstance(value, str) else text(value)
    if not raw.strip():
        return []
    parts = raw.split("\n") if ("\n" in raw or not flat) else raw.split(";")
    return [part.strip() for part in parts]


def boolean(value: Any) -> bool:
    """ja/nee (and yes/no, true/false, x)."""
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueProblem(f"'{word[:40]}' is geen ja of nee.")


def enum_value(path: str, value: Any) -> str | None:
    """The stored value of an enum from our Dutch word, the value itself or a synonym."""
    word = text(value)
    if not word:
        return None
    key = word.lower()
    for stored, label in ENUM_LABELS[path].items():
        if key in (stored, label.lower()):
            return stored
    found = _SYNONYMS.get(path, {}).get(key)
    if found is None:
        choices = ", ".join(ENUM_LABELS[path].values())
        raise ValueProblem(f"'{word[:40]}' is onbekend; kies uit: {choices}.")
    return found


def date(value: Any) -> dt.date | None:
    """A date cell, or text as YYYY-MM-DD or DD-MM-YYYY."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    word = text(value)
    try:
        match = _DUTCH_DATE.fullmatch(word)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return (
            dt.date.fromisoformat(word[:10])
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word[:10])
            else _bad(word)
        )
    except ValueError:
        return _bad(word)


def _bad(word: str) -> dt.date:
    raise ValueProblem(f"'{word[:40]}' is geen geldige datum (JJJJ-MM-DD of DD-MM-JJJJ).")


def integer(value: Any) -> int:
    """A whole number."""
    if isinstance(value, bool):
        raise ValueProblem("verwacht een geheel getal.")
    if isinstance(value, int):
        return value
    word = text(value)
    if not word:
        return 0
    if re.fullmatch(r"-?\d{1,9}", word):
        return int(word)
    raise ValueProblem(f"'{word[:40]}' is geen geheel getal.")
