"""Named errors of the agreements feature; `message` is the Dutch text for the user."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l


class AgreementError(Exception):
    """Base class; `message` is the Dutch text for the user."""

    message: Any = _l("De handeling met de verwerkersovereenkomst is mislukt.")

    def __init__(self, message: Any = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class TransitionNotAllowed(AgreementError):
    """The transition is not allowed from the agreement's current state."""

    def __init__(self, action: str, state_label: str) -> None:
        self.action = action
        super().__init__(
            _l(
                "Deze handeling kan niet: de overeenkomst heeft de status „%(state)s”.",
                state=state_label,
            )
        )


class AgreementImmutable(AgreementError):
    message = _l(
        "Een ondertekende overeenkomst wordt nooit gewijzigd. Stel een nieuwe overeenkomst op "
        "die haar vervangt."
    )


class StaleAgreement(AgreementError):
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


class MissingRegisterData(AgreementError):
    """The register lacks data the documents need (e.g. no active processor activity)."""


class NoLicence(AgreementError):
    """The school holds no licence for a chosen product."""


class UnknownTemplateVersion(AgreementError):
    message = _l("Deze tekstversie van de overeenkomst bestaat niet (meer).")


class DocumentRenderFailed(AgreementError):
    """The document could not be produced; nothing was stored."""


class InvalidScan(AgreementError):
    message = _l("Het bestand is geen bruikbare PDF.")


class ScanNotPdf(InvalidScan):
    message = _l(
        "Het bestand is geen PDF: de inhoud begint niet met %PDF-. Upload een PDF-bestand."
    )


class ScanTooLarge(InvalidScan):
    message = _l("Het bestand is te groot: een scan mag hoogstens 20 MiB zijn.")


class ScanCorrupt(InvalidScan):
    message = _l("Het PDF-bestand is beschadigd of onleesbaar. Scan het opnieuw en upload het.")


class ScanEmpty(InvalidScan):
    message = _l("Er is geen bestand ontvangen. Kies een PDF-bestand.")
