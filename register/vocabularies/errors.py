"""Refusals of a change to a vocabulary term, in Dutch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError, Stale


class TermError(DomainError):
    """A refused change to a vocabulary term."""


class DuplicateLabel(TermError):
    """The vocabulary already has a term with this label."""


class StaleTerm(TermError, Stale):
    """Someone else changed the term since the form was loaded."""

    message = _l(
        "Iemand anders heeft deze term intussen gewijzigd. Uw wijziging is niet opgeslagen; "
        "vergelijk uw invoer met de huidige gegevens en sla opnieuw op."
    )
