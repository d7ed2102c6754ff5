"""Named errors of the auth services; `message` is the Dutch text for the user.

A refusal raised in one place is an `AuthError` with its message at that place; a named
subclass is one that callers tell apart, or that several places raise.
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from register.errors import DomainError


class AuthError(DomainError):
    """Base class of refused sign-ins and account changes."""

    message: Any = _l("Aanmelden is mislukt.")


class PasswordTooShort(AuthError):
    message = _l("Een wachtwoord heeft minstens 12 tekens.")


class InvalidToken(AuthError):
    message = _l(
        "Deze link is ongeldig, al gebruikt of verlopen. Vraag de beheerder om een nieuwe link."
    )


class WrongCode(AuthError):
    message = _l(
        "Deze code is onjuist of al gebruikt. Vul de code in die uw app nu toont, of een "
        "herstelcode."
    )
    field = "code"


class NoSecondFactor(AuthError):
    message = _l("Er is voor dit account geen tweede factor ingesteld.")


class PasskeyRefused(AuthError):
    message = _l(
        "Aanmelden met de passkey is niet gelukt of duurde te lang. Probeer het opnieuw, of "
        "gebruik een code."
    )


class SsoRefused(AuthError):
    message = _l(
        "Aanmelden via uw instelling is niet gelukt. Probeer het opnieuw, of meld u aan met uw "
        "e-mailadres en wachtwoord."
    )
