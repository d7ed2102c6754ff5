"""Named refusals of the products feature, each a `DomainError` with a Dutch `message`."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from register.errors import DomainError, Stale


class DuplicateProduct(DomainError):
    """Another product already has this code or name."""


class StaleProduct(Stale):
    """Someone else changed the product since the form was loaded."""

    message: Any = _l(
        "Iemand anders heeft dit product intussen gewijzigd. Uw wijziging is niet opgeslagen. "
        "Vergelijk uw invoer met de huidige gegevens en sla opnieuw op als u uw versie wilt "
        "bewaren."
    )


class InvalidLicence(DomainError):
    """A licence for something other than a school, a period that ends before it starts, ..."""


class OverlappingLicence(DomainError):
    """The school already has a licence for the product in part of this period."""


class StaleLicence(Stale):
    """Someone else changed the licence since the form was loaded."""

    message: Any = _l(
        "Iemand anders heeft deze licentie intussen gewijzigd. Uw wijziging is niet opgeslagen; "
        "controleer de huidige gegevens en probeer het opnieuw."
    )
