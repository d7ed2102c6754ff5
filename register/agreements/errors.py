"""Named refusals of the agreements feature, each a `DomainError` with a Dutch `message`.

A refusal raised in one place is an `AgreementError` with its message at that place; a named
subclass is one that callers or tests tell apart, or that several places raise.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError, Stale


class AgreementError(DomainError):
    """A refused change to an agreement, its document or its signing."""


class IncompleteInput(AgreementError):
    """Something the draft or the transition needs was not given (a school, a reason, ...)."""


class NumberTaken(AgreementError):
    message = _l(
        "Tegelijk werd een andere overeenkomst aangemaakt met hetzelfde nummer. "
        "Er is niets opgeslagen; probeer het opnieuw."
    )


class TransitionNotAllowed(AgreementError):
    """The transition is not allowed from the agreement's current `state` (its label)."""

    message = _l("Deze handeling kan niet: de overeenkomst heeft de status „%(state)s”.")


class AgreementImmutable(AgreementError):
    message = _l(
        "Een ondertekende overeenkomst wordt nooit gewijzigd. Stel een nieuwe overeenkomst op "
        "die haar vervangt."
    )


class StaleAgreement(Stale):
    message = _l(
        "Iemand anders heeft deze overeenkomst intussen gewijzigd. Bekijk de nieuwe stand en "
        "probeer het opnieuw."
    )


class AlreadySigned(AgreementError):
    message = _l("Deze partij heeft de overeenkomst al ondertekend.")


class NotAuthorisedToSign(AgreementError):
    message = _l("U bent niet tekenbevoegd voor deze partij.")


class ConfirmationMismatch(AgreementError):
    message = _l("Typ het nummer van de overeenkomst of AKKOORD om te bevestigen.")
    field: str | None = "confirmation"


class DriftNotAcknowledged(AgreementError):
    message = _l(
        "De registergegevens zijn gewijzigd sinds deze overeenkomst werd opgemaakt. Vink aan "
        "dat u de wijzigingen heeft gezien om toch deze versie te ondertekenen, of vraag de "
        "verwerker om een bijgewerkte overeenkomst."
    )
    field: str | None = "drift_seen"


class MissingRegisterData(AgreementError):
    """The register lacks data the documents need (e.g. no active processor activity)."""


class UnknownTemplateVersion(AgreementError):
    message = _l("Deze tekstversie van de overeenkomst bestaat niet (meer).")


class DocumentRenderFailed(AgreementError):
    """The document could not be produced; nothing was stored."""


class InvalidScan(AgreementError):
    message = _l("Het bestand is geen bruikbare PDF.")


class ScanCorrupt(InvalidScan):
    message = _l("Het PDF-bestand is beschadigd of onleesbaar. Scan het opnieuw en upload het.")


class RemindedRecently(AgreementError):
    message = _l(
        "De school heeft in het afgelopen uur al een herinnering gekregen. Probeer het later "
        "opnieuw."
    )
