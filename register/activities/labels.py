"""How activity values are shown: the status badges, and a catalogue field's value on a page.

The Dutch labels of the activity enums are carried by the enums themselves
(`register.activities.models`, `LabelledEnum`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from register.activities.catalogue import Field, Kind
from register.activities.models import ActivityStatus

STATUS_BADGES = {
    ActivityStatus.DRAFT: "info",
    ActivityStatus.ACTIVE: "ok",
    ActivityStatus.RETIRED: "neutral",
}


def shown(entry: Field, record: Mapping[str, Any]) -> Any:
    """A scalar field's value as a page shows it: enums by Dutch label, dates as dates."""
    value = entry.value_in(record)
    if entry.enum is not None and value is not None:
        return entry.enum(value).label
    if entry.kind is Kind.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value) if value else None
    return value
