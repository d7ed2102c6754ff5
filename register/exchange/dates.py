"""The reference date of the register "as it stood on": parsed and checked in Dutch."""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import gettext as _

from register.calendar import today
from register.exchange.errors import InvalidDate

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_as_of(raw: str | None) -> dt.date | None:
    """A date in YYYY-MM-DD that is not in the future; None for an empty value."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        if not _ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidDate(
            _(
                "Ongeldige datum '%(value)s': gebruik de vorm JJJJ-MM-DD, bijvoorbeeld 2026-01-31.",
                value=raw[:40],
            )
        ) from None
    check_as_of(day)
    return day


def check_as_of(day: dt.date) -> None:
    """Refuse dates in the future and before the year 2000."""
    if day > today():
        raise InvalidDate(_("De datum mag niet in de toekomst liggen."))
    if day.year < 2000:
        raise InvalidDate(_("Kies een datum na 1 januari 2000."))
