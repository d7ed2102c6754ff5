"""Named errors of the activity services; `message` is the Dutch text for the user."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from register.activities.completeness import MissingItem


class ActivityError(Exception):
    """Base class; `message` is the Dutch text for the user."""

    message: Any = _l("De verwerking kon niet worden opgeslagen.")

    def __init__(self, message: Any = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class ActivityIncomplete(ActivityError):
    """Activation (or keeping an active activity active) fails on missing mandatory items."""

    def __init__(self, items: Sequence[MissingItem]) -> None:
        self.items = list(items)
        super().__init__(
            _(
                "De verwerking kan niet actief zijn: %(count)d verplichte onderdelen ontbreken.",
                count=len(self.items),
            )
        )


class StaleActivity(ActivityError):
    """Someone else saved the activity after the form was opened."""

    def __init__(self, current_version: int) -> None:
        self.current_version = current_version
        super().__init__(
            _(
                "Iemand anders heeft deze verwerking intussen gewijzigd. Er is niets "
                "overschreven; vergelijk de wijzigingen en probeer het opnieuw."
            )
        )


class InvalidTransition(ActivityError):
    """The requested status change is not possible from the current status."""


class InvalidReference(ActivityError):
    """The command refers to a term, product or organisation that does not fit."""
