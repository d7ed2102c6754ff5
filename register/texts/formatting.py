"""Dutch text made from data: the one place where documents format dates, times and lists.

Every agreement text, leaflet, register PDF and export formats through these functions, with
Babel's Dutch locale data (no hand-written month names or list joining). Moments are shown in
Europe/Amsterdam, the time the parties read, never in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.lists import format_list

LOCALE = "nl"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Words with which a retention trigger already reads as the start of the term
# ("na de laatste activiteit"), so "vanaf" would be doubled or wrong.
_TERM_STARTS = (
    "na",
    "nadat",
    "vanaf",
    "bij",
    "tot",
    "per",
    "sinds",
    "zodra",
    "op",
    "zolang",
    "tijdens",
    "gedurende",
    "binnen",
    "direct",
    "einde",
)


def parse_moment(value: str | date | datetime) -> date | datetime:
    """An ISO date (``2026-08-01``) or date-time string, or a date/date-time, as such."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date string, got {type(value).__name__}")
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


def day(value: str | date | datetime) -> str:
    """``2026-08-01`` -> ``1 augustus 2026`` (a date-time: its day in Amsterdam)."""
    moment = parse_moment(value)
    if isinstance(moment, datetime):
        moment = _in_amsterdam(moment).date()
    return format_date(moment, "d MMMM y", locale=LOCALE)


def local_day(value: datetime) -> date:
    """The day a moment falls on in Amsterdam (a naive date-time is taken to be UTC)."""
    return _in_amsterdam(value).date()


def moment(value: str | datetime) -> str:
    """``2026-12-02T09:47:52Z`` -> ``2 december 2026 om 10:47`` (Amsterdam time).

    A naive date-time is taken to be UTC; a plain date is shown as a day.
    """
    parsed = parse_moment(value)
    if not isinstance(parsed, datetime):
        return day(parsed)
    local = _in_amsterdam(parsed)
    return format_datetime(local, "d MMMM y 'om' HH:mm", tzinfo=AMSTERDAM, locale=LOCALE)


def listing(values: Iterable[Any]) -> str:
    """``["PO", "VO", "MBO"]`` -> ``PO, VO en MBO``; empty values are left out."""
    items = [str(value) for value in values if value is not None and str(value).strip()]
    if not items:
        return ""
    return format_list(items, locale=LOCALE)


def parts(values: Iterable[Any], separator: str = ", ") -> str:
    """Contact details and the like: the non-empty values joined (``a, b``), never ``a, ``."""
    return separator.join(str(v).strip() for v in values if v is not None and str(v).strip())


def split_listing(text: str) -> list[str]:
    """A list typed as Dutch text back into its items.

    ``"Leerlingen, leraren en schoolbeheerders"`` -> three items; ``"Leerlingen en
    studenten, docenten en beheerders"`` -> ``["Leerlingen en studenten", "docenten",
    "beheerders"]``: with commas, only the last part is split at its last ``" en "``.
    """
    items = [part.strip() for part in (text or "").split(",") if part.strip()]
    if len(items) > 1 and " en " in items[-1]:
        head, _, tail = items[-1].rpartition(" en ")
        items[-1:] = [head.strip(), tail.strip()]
    return [item for item in items if item]


def term(period: str, trigger: str) -> str:
    """A retention period with when it starts, read as one Dutch phrase.

    ``("3 jaar", "Na de laatste activiteit")`` -> ``3 jaar na de laatste activiteit``;
    ``("7 jaar", "het einde van het boekjaar")`` -> ``7 jaar, vanaf het einde van het
    boekjaar``.
    """
    period = (period or "").strip()
    start = (trigger or "").strip()
    if not start:
        return period
    start = _lower_first(start)
    first_word = start.split(maxsplit=1)[0].strip(",.:;")
    if first_word in _TERM_STARTS:
        return f"{period} {start}".strip()
    return f"{period}, vanaf {start}" if period else f"vanaf {start}"


def _lower_first(text: str) -> str:
    # Leave abbreviations such as "AVG" alone: only a capital followed by a lower-case letter.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _in_amsterdam(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(AMSTERDAM)
