"""The Dutch calendar: review dates, licences, agreement numbers and filters use local days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def today() -> dt.date:
    """Today's date in the Netherlands."""
    return dt.datetime.now(LOCAL_ZONE).date()
