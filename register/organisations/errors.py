"""Named refusals of the organisations feature, each a `DomainError` with a Dutch `message`."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from register.errors import DomainError, Stale


class DuplicateIdentifier(DomainError):
    """Another organisation already has this BRIN number or RIO code."""


class SingleOwnOrganisation(DomainError):
    """There is exactly one organisation of kind "own"."""


class StaleOrganisation(Stale):
    """Someone else changed the organisation since the form was loaded."""

    message: Any = _l(
        "Iemand anders heeft deze organisatie intussen gewijzigd. Uw wijziging is niet opgeslagen. "
        "Vergelijk uw invoer met de huidige gegevens hieronder en sla opnieuw op als u uw versie "
        "wilt bewaren."
    )
