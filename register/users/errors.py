"""Named errors of the user administration; `message` is Dutch, `field` where it belongs.

A refusal raised in one place is a `UserError` with its message at that place; a named
subclass is a refusal that several places raise.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError


class UserError(DomainError):
    """A refused change to a user account."""

    message = _l("De wijziging is niet toegestaan.")


class UnknownOrganisation(UserError):
    field = "organisations"


class LastAdmin(UserError):
    message = _l("Er moet minstens één actieve beheerder overblijven.")
    field = "role"
