"""Jinja filters available to agreement templates (Dutch formatting through ``formatting``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from . import formatting


def datum(value: str | date | datetime) -> str:
    """``2026-08-01`` -> ``1 augustus 2026``; a date-time -> ``2 december 2026 om 10:47``.

    Date-times are shown in Europe/Amsterdam; a naive date-time is taken to be UTC.
    """
    moment = formatting.parse_moment(value)
    if isinstance(moment, datetime):
        return formatting.moment(moment)
    return formatting.day(moment)


def janeen(value: bool) -> str:
    """``True`` -> ``Ja``, ``False`` -> ``Nee``; anything else is a template error."""
    if not isinstance(value, bool):
        raise TypeError(f"janeen: expected a bool, got {type(value).__name__}")
    return "Ja" if value else "Nee"


def opsomming(values: Iterable[Any]) -> str:
    """``["PO", "VO", "MBO"]`` -> ``PO, VO en MBO`` (an empty list gives ``""``)."""
    return formatting.listing(values)


def gegevens(values: Iterable[Any]) -> str:
    """``[naam, e-mail, ""]`` -> ``naam, e-mail``: contact details without empty parts."""
    return formatting.parts(values)


FILTERS: dict[str, Callable[..., str]] = {
    "datum": datum,
    "gegevens": gegevens,
    "janeen": janeen,
    "opsomming": opsomming,
}
