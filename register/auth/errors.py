"""Named errors of the auth services; `message` is the Dutch text for the user."""

from typing import Any

from flask_babel import lazy_gettext as _l

from register.errors import DomainError


class AuthError(DomainError):
    """Base class of refused sign-ins and account changes."""

    message: Any = _l("Aanmelden is mislukt.")


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


class WrongCode(AuthError):
    message = _l(
        "Deze code is onjuist of al gebruikt. Vul de code in die uw app nu toont, of een "
        "herstelcode."
    )
    field = "code"


class TooManyCodes(AuthError):
    message = _l(
        "Te veel onjuiste codes. Wacht %(minutes)d minuten en probeer het opnieuw.", minutes=15
    )
    field = "code"


class NoSecondFactor(AuthError):
    message = _l("Er is voor dit account geen tweede factor ingesteld.")


class SecondFactorRequired(AuthError):
    message = _l("Voor uw rol is een tweede factor verplicht; u kunt hem daarom niet verwijderen.")


class AlreadyEnrolled(AuthError):
    message = _l("Er is al een authenticator-app ingesteld voor dit account.")


class PasskeyRefused(AuthError):
    message = _l(
        "Aanmelden met de passkey is niet gelukt of duurde te lang. Probeer het opnieuw, of "
        "gebruik een code."
    )


class ClonedPasskey(AuthError):
    message = _l(
        "Deze passkey is geweigerd: zijn teller liep niet op, wat kan wijzen op een kopie. "
        "Gebruik een andere factor en laat de beheerder deze passkey controleren."
    )


class PasskeyNameRequired(AuthError):
    message = _l("Geef de passkey een naam, zodat u hem later herkent.")
    field = "name"


class SsoRefused(AuthError):
    message = _l(
        "Aanmelden via uw instelling is niet gelukt. Probeer het opnieuw, of meld u aan met uw "
        "e-mailadres en wachtwoord."
    )


class SsoEmailNotVerified(AuthError):
    message = _l(
        "Uw instelling heeft uw e-mailadres niet als gecontroleerd doorgegeven, dus kunnen wij u "
        "niet aan uw account koppelen. Meld u aan met uw e-mailadres en wachtwoord."
    )


class SsoUnknownUser(AuthError):
    message = _l(
        "Uw instelling heeft bevestigd wie u bent, maar het register heeft geen actief account "
        "met dit e-mailadres voor deze instelling. Vraag de privacy-medewerker van de "
        "leverancier om een account."
    )
