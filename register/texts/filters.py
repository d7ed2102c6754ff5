"""Jinja filters available to agreement templates (Dutch formatting)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def datum(value: str | date | datetime) -> str:
    """``2026-08-01`` -> ``1 augustus 2026``; a date-time -> ``1 augustus 2026 14:03 UTC``.

    Date-times are converted to UTC; a naive date-time is taken to be UTC already.
    """
    moment = _parse(value)
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return f"{_day(moment.date())} {moment:%H:%M} UTC"
    return _day(moment)


def _parse(value: str | date | datetime) -> date | datetime:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"datum: expected an ISO date string, got {type(value).__name__}")
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


def _day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def janeen(value: bool) -> str:
    """``True`` -> ``Ja``, ``False`` -> ``Nee``; anything else is a template error."""
    if not isinstance(value, bool):
        raise TypeError(f"janeen: expected a bool, got {type(value).__name__}")
    return "Ja" if value else "Nee"


def opsomming(values: Iterable[Any]) -> str:
    """``["PO", "VO", "MBO"]`` -> ``PO, VO en MBO`` (an empty list gives ``""``)."""
    items = [str(value) for value in values]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


FILTERS: dict[str, Callable[..., str]] = {
    "datum": datum,
    "janeen": janeen,
    "opsomming": opsomming,
}
