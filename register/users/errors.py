"""Named errors of the user administration; `message` is Dutch, `field` where it belongs."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l


class UserError(Exception):
    """A refused change to a user account."""

    default_message: Any = _l("De wijziging is niet toegestaan.")
    default_field: str | None = None

    def __init__(self, message: Any = None, field: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field if field is not None else self.default_field
        super().__init__(str(self.message))


class DuplicateEmail(UserError):
    default_message = _l("Er bestaat al een account met dit e-mailadres.")
    default_field = "email"


class OrganisationsRequired(UserError):
    default_message = _l("Een contractbeheerder hoort bij minstens één school; vul die in.")
    default_field = "organisations"


class OrganisationsNotAllowed(UserError):
    default_message = _l(
        "Alleen een contractbeheerder hoort bij een of meer scholen; maak dit veld leeg."
    )
    default_field = "organisations"


class UnknownOrganisation(UserError):
    default_field = "organisations"


class SignatoryNotAllowed(UserError):
    default_message = _l("Een auditor kan niet tekenbevoegd zijn.")
    default_field = "is_signatory"


class LastAdmin(UserError):
    default_message = _l("Er moet minstens één actieve beheerder overblijven.")
    default_field = "role"


class CannotDeactivateSelf(UserError):
    default_message = _l("U kunt uw eigen account niet deactiveren.")


class AccountInactive(UserError):
    default_message = _l("Dit account is gedeactiveerd; activeer het eerst opnieuw.")
