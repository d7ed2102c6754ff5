"""Named refusals of the agreements feature, each a `DomainError` with a Dutch `message`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError, Stale


class IncompleteInput(DomainError):
    """Something the draft or the transition needs was not given (a school, a reason, ...)."""


class NumberTaken(DomainError):
    message = _l(
        "Tegelijk werd een andere overeenkomst aangemaakt met hetzelfde nummer. "
        "Er is niets opgeslagen; probeer het opnieuw."
    )


class AlreadySuperseded(DomainError):
    """A newer agreement already replaces this one (still in draft, review or signing)."""


class OriginalMissing(DomainError):
    message = _l("Het oorspronkelijke document ontbreekt.")


class TransitionNotAllowed(DomainError):
    """The transition is not allowed from the agreement's current state."""

    def __init__(self, action: str, state_label: str) -> None:
        self.action = action
        super().__init__(
            _l(
                "Deze handeling kan niet: de overeenkomst heeft de status „%(state)s”.",
                state=state_label,
            )
        )


class AgreementImmutable(DomainError):
    message = _l(
        "Een ondertekende overeenkomst wordt nooit gewijzigd. Stel een nieuwe overeenkomst op "
        "die haar vervangt."
    )


class StaleAgreement(Stale):
    message = _l(
        "Iemand anders heeft deze overeenkomst intussen gewijzigd. Bekijk de nieuwe stand en "
        "probeer het opnieuw."
    )


class AlreadySigned(DomainError):
    message = _l("Deze partij heeft de overeenkomst al ondertekend.")


class NotAuthorisedToSign(DomainError):
    message = _l("U bent niet tekenbevoegd voor deze partij.")


class ConfirmationMismatch(DomainError):
    message = _l("Typ het nummer van de overeenkomst of AKKOORD om te bevestigen.")
    field: str | None = "confirmation"


class NotDeletable(DomainError):
    message = _l(
        "Alleen een concept dat nooit naar de school is verzonden kan worden verwijderd. "
        "Annuleer of trek deze overeenkomst in; zij blijft dan in de geschiedenis."
    )


class DriftNotAcknowledged(DomainError):
    message = _l(
        "De registergegevens zijn gewijzigd sinds deze overeenkomst werd opgemaakt. Vink aan "
        "dat u de wijzigingen heeft gezien om toch deze versie te ondertekenen, of vraag de "
        "verwerker om een bijgewerkte overeenkomst."
    )
    field: str | None = "drift_seen"


class MissingRegisterData(DomainError):
    """The register lacks data the documents need (e.g. no active processor activity)."""


class NoLicence(DomainError):
    """The school holds no licence for a chosen product."""


class OutdatedModel(DomainError):
    field = "template"
    message = _l(
        "Een nieuwe overeenkomst volgt het huidige Model Verwerkersovereenkomst %(current)s. "
        "Een ouder model kan alleen bij het voortzetten of wijzigen van een bestaande "
        "overeenkomst volgens dat model (vervangen).",
        current="4.0",
    )


class UnknownTemplateVersion(DomainError):
    message = _l("Deze tekstversie van de overeenkomst bestaat niet (meer).")


class DocumentRenderFailed(DomainError):
    """The document could not be produced; nothing was stored."""


class InvalidScan(DomainError):
    message = _l("Het bestand is geen bruikbare PDF.")


class ScanNotPdf(InvalidScan):
    message = _l(
        "Het bestand is geen PDF: de inhoud begint niet met %PDF-. Upload een PDF-bestand."
    )


class ScanTooLarge(InvalidScan):
    message = _l("Het bestand is te groot: een scan mag hoogstens 20 MiB zijn.")


class ScanCorrupt(InvalidScan):
    message = _l("Het PDF-bestand is beschadigd of onleesbaar. Scan het opnieuw en upload het.")


class ScanActive(InvalidScan):
    """A scan carrying scripts, actions, attachments or form fields; nothing was stored."""

    def __init__(self, parts: str) -> None:
        super().__init__(
            _l(
                "De PDF bevat onderdelen die niet in een ondertekende scan thuishoren "
                "(%(parts)s) en is geweigerd: de school zou ze bij het openen krijgen. Scan "
                "het getekende papier opnieuw, of bewaar het als PDF zonder formulieren en "
                "bijlagen, en upload het dan.",
                parts=parts,
            )
        )


class ScanEmpty(InvalidScan):
    message = _l("Er is geen bestand ontvangen. Kies een PDF-bestand.")


class RemindedRecently(DomainError):
    message = _l(
        "De school heeft in het afgelopen uur al een herinnering gekregen. Probeer het later "
        "opnieuw."
    )
