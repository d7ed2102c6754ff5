"""Dutch labels of the activity enums, for forms, filters and pages."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from register.activities.catalogue import Field, Kind
from register.activities.models import ActivityStatus, DpiaStatus, Role

ROLE_LABELS = {
    Role.CONTROLLER: _l("Verwerkingsverantwoordelijke"),
    Role.PROCESSOR: _l("Verwerker"),
}

STATUS_LABELS = {
    ActivityStatus.DRAFT: _l("Concept"),
    ActivityStatus.ACTIVE: _l("Actief"),
    ActivityStatus.RETIRED: _l("Beëindigd"),
}

STATUS_BADGES = {
    ActivityStatus.DRAFT: "info",
    ActivityStatus.ACTIVE: "ok",
    ActivityStatus.RETIRED: "neutral",
}

DPIA_LABELS = {
    DpiaStatus.NOT_NEEDED: _l("Niet nodig"),
    DpiaStatus.NOT_STARTED: _l("Nog niet gestart"),
    DpiaStatus.IN_PROGRESS: _l("Bezig"),
    DpiaStatus.COMPLETED: _l("Afgerond"),
}

# The labels of each enum a catalogue field holds (form choices, record page).
ENUM_LABELS: dict[type[enum.Enum], Mapping[Any, Any]] = {
    Role: ROLE_LABELS,
    ActivityStatus: STATUS_LABELS,
    DpiaStatus: DPIA_LABELS,
}


def shown(entry: Field, record: Mapping[str, Any]) -> Any:
    """A scalar field's value as a page shows it: enums by Dutch label, dates as dates."""
    value = entry.value_in(record)
    if entry.enum is not None and value is not None:
        return ENUM_LABELS[entry.enum].get(entry.enum(value), value)
    if entry.kind is Kind.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value) if value else None
    return value
