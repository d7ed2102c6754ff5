"""Named errors of the auth services; `message` is the Dutch text for the user."""

from flask_babel import lazy_gettext as _l


class AuthError(Exception):
    """Base class; `message` is the Dutch text for the user."""

    message = _l("Aanmelden is mislukt.")


class InvalidCredentials(AuthError):
    message = _l("Het e-mailadres of wachtwoord is onjuist, of het account is niet actief.")


class WrongCurrentPassword(AuthError):
    message = _l("Uw huidige wachtwoord is onjuist.")


class PasswordTooShort(AuthError):
    message = _l("Een wachtwoord heeft minstens 12 tekens.")


class InvalidToken(AuthError):
    message = _l(
        "Deze link is ongeldig, al gebruikt of verlopen. Vraag de beheerder om een nieuwe link."
    )
