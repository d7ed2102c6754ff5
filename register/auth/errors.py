"""Named errors of the auth services."""


class AuthError(Exception):
    """Base class; `message` is the Dutch text for the user."""

    message = "Aanmelden is mislukt."


class InvalidCredentials(AuthError):
    message = "Het e-mailadres of wachtwoord is onjuist, of het account is niet actief."
