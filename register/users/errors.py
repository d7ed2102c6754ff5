"""Named errors of the user administration; `message` is Dutch, `field` where it belongs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError


class UserError(DomainError):
    """A refused change to a user account."""

    message = _l("De wijziging is niet toegestaan.")


class DuplicateEmail(UserError):
    message = _l("Er bestaat al een account met dit e-mailadres.")
    field = "email"


class OrganisationsRequired(UserError):
    message = _l("Een contractbeheerder hoort bij minstens één school; vul die in.")
    field = "organisations"


class OrganisationsNotAllowed(UserError):
    message = _l("Alleen een contractbeheerder hoort bij een of meer scholen; maak dit veld leeg.")
    field = "organisations"


class UnknownOrganisation(UserError):
    field = "organisations"


class SignatoryNotAllowed(UserError):
    message = _l("Een auditor kan niet tekenbevoegd zijn.")
    field = "is_signatory"


class LastAdmin(UserError):
    message = _l("Er moet minstens één actieve beheerder overblijven.")
    field = "role"


class CannotDeactivateSelf(UserError):
    message = _l("U kunt uw eigen account niet deactiveren.")


class AccountInactive(UserError):
    message = _l("Dit account is gedeactiveerd; activeer het eerst opnieuw.")
