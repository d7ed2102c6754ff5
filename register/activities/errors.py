"""Named errors of the activity services: `DomainError`s with a Dutch message for the user."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l

from register.activities.completeness import MissingItem
from register.errors import DomainError, Stale


class ActivityIncomplete(DomainError):
    """Activation (or keeping an active activity active) fails on missing mandatory items."""

    message = _l("De verwerking kan niet actief zijn: %(count)d verplichte onderdelen ontbreken.")

    def __init__(self, items: Sequence[MissingItem]) -> None:
        self.items = list(items)
        super().__init__(count=len(self.items))


class StaleActivity(Stale):
    """Someone else saved the activity after the form was opened."""

    message = _l(
        "Iemand anders heeft deze verwerking intussen gewijzigd. Er is niets overschreven; "
        "vergelijk de wijzigingen en probeer het opnieuw."
    )

    def __init__(self, current_version: int) -> None:
        self.current_version = current_version
        super().__init__()


class InvalidTransition(DomainError):
    """The requested status change is not possible from the current status."""


class InvalidReference(DomainError):
    """The command refers to a term, product or organisation that does not fit."""
