"""Agreement panels of the dashboard (placeholder until the agreement models are committed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class StateCount:
    label: str
    count: int


@dataclass(frozen=True)
class AgreementPanels:
    by_state: list[StateCount]


def agreement_panels(session: Session, *, today: dt.date) -> AgreementPanels | None:
    """None: the agreements feature has no models yet."""
    return None
