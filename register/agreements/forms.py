"""Forms of the agreements feature: the draft's particulars, transitions, signing, scans."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from register.agreements.models import Signing
from register.agreements.services import AgreementCommand
from register.forms import ConfirmedForm, CreateForm, VersionedForm, WholeNumberRange

_REQUIRED = _l("Vul dit veld in.")
_EMAIL = _l("Dit is geen geldig e-mailadres, bijv. privacy@school.nl.")
_DATE = _l("Vul een datum in als JJJJ-MM-DD.")


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _text(label: Any, *, required: bool = False, max_length: int = 200) -> StringField:
    first = DataRequired(_REQUIRED) if required else Optional()
    return StringField(
        label,
        validators=[first, Length(max=max_length, message=_l("Maximaal %(max)d tekens."))],
        filters=[_strip],
    )


def _email(label: Any) -> EmailField:
    return EmailField(
        label, validators=[Optional(), Length(max=200), Email(_EMAIL)], filters=[_strip]
    )


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


# (field prefix, particulars key, label)
CONTACTS = (
    ("controller_privacy", "controller_privacy_contact", _l("Privacycontact school")),
    ("controller_breach", "controller_breach_contact", _l("Meldpunt datalekken school")),
    ("processor_breach", "processor_breach_contact", _l("Meldpunt datalekken verwerker")),
)
SIGNATORIES = (
    ("controller_signatory", _l("Ondertekenaar school")),
    ("processor_signatory", _l("Ondertekenaar verwerker")),
)


class AgreementForm(CreateForm, VersionedForm):
    """A draft agreement: products, text version, term and particulars."""

    products = MultiCheckboxField(
        _l("Producten"), coerce=int, validators=[InputRequired(_l("Kies ten minste één product."))]
    )
    # The service decides which models a draft may follow and says why it refuses one.
    template = SelectField(
        _l("Tekstversie (model)"), validators=[InputRequired(_REQUIRED)], validate_choice=False
    )
    title = _text(_l("Titel"), required=True)
    term_start = DateField(_l("Ingangsdatum"), validators=[InputRequired(_DATE)])
    term_end = DateField(_l("Einddatum (leeg: onbepaalde tijd)"), validators=[Optional()])
    notice_period_months = IntegerField(
        _l("Opzegtermijn in maanden"),
        default=3,
        validators=[
            InputRequired(_l("Vul een aantal maanden in, bijv. 3.")),
            WholeNumberRange(0, 36, _l("Kies een opzegtermijn van 0 tot en met 36 maanden.")),
        ],
    )
    controller_signatory_name = _text(_l("Naam ondertekenaar school"), required=True)
    controller_signatory_function = _text(_l("Functie ondertekenaar school"), required=True)
    processor_signatory_name = _text(_l("Naam ondertekenaar verwerker"), required=True)
    processor_signatory_function = _text(_l("Functie ondertekenaar verwerker"), required=True)
    controller_privacy_name = _text(_l("Privacycontact school: naam"), required=True)
    controller_privacy_email = _email(_l("Privacycontact school: e-mailadres"))
    controller_privacy_phone = _text(_l("Privacycontact school: telefoon"), max_length=40)
    controller_breach_name = _text(_l("Meldpunt datalekken school: naam"))
    controller_breach_email = _email(_l("Meldpunt datalekken school: e-mailadres"))
    controller_breach_phone = _text(_l("Meldpunt datalekken school: telefoon"), max_length=40)
    processor_breach_name = _text(_l("Meldpunt datalekken verwerker: naam"), required=True)
    processor_breach_email = _email(_l("Meldpunt datalekken verwerker: e-mailadres"))
    processor_breach_phone = _text(_l("Meldpunt datalekken verwerker: telefoon"), max_length=40)
    deviations = TextAreaField(
        _l("Afwijkingen (Wijzigingsbijlage)"),
        filters=[_strip],
        validators=[Optional(), Length(max=5000)],
    )

    def validate_term_end(self, field: DateField) -> None:
        if field.data and self.term_start.data and field.data < self.term_start.data:
            raise ValidationError(_l("De einddatum ligt vóór de ingangsdatum."))

    def validate_controller_privacy_email(self, field: EmailField) -> None:
        if not field.data:
            raise ValidationError(_l("Vul het e-mailadres van het privacycontact in."))

    def validate_processor_breach_email(self, field: EmailField) -> None:
        if not field.data:
            raise ValidationError(_l("Vul het e-mailadres voor het melden van datalekken in."))

    def validate_deviations(self, field: TextAreaField) -> None:
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            if line.strip() and ":" not in line:
                raise ValidationError(
                    _l(
                        "Regel %(n)d: schrijf elke afwijking als „Artikel: tekst”.",
                        n=number,
                    )
                )

    def particulars(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for prefix, _label in SIGNATORIES:
            data[prefix] = {
                "name": getattr(self, f"{prefix}_name").data or "",
                "function": getattr(self, f"{prefix}_function").data or "",
            }
        for prefix, key, _label in CONTACTS:
            data[key] = {
                part: getattr(self, f"{prefix}_{part}").data or ""
                for part in ("name", "email", "phone")
            }
        return data

    def fill_particulars(self, particulars: dict[str, Any]) -> None:
        for prefix, _label in SIGNATORIES:
            value = particulars.get(prefix) or {}
            getattr(self, f"{prefix}_name").data = value.get("name", "")
            getattr(self, f"{prefix}_function").data = value.get("function", "")
        for prefix, key, _label in CONTACTS:
            value = particulars.get(key) or {}
            for part in ("name", "email", "phone"):
                getattr(self, f"{prefix}_{part}").data = value.get(part, "")

    def deviation_list(self) -> tuple[dict[str, str], ...]:
        items = []
        for line in (self.deviations.data or "").splitlines():
            if line.strip():
                article, _sep, text = line.partition(":")
                items.append({"article": article.strip(), "text": text.strip()})
        return tuple(items)

    def to_command(self, school_id: int) -> AgreementCommand:
        return AgreementCommand(
            school_id=school_id,
            product_ids=tuple(self.products.data or ()),
            template=self.template.data or "",
            title=self.title.data or "",
            term_start=self.term_start.data,
            term_end=self.term_end.data,
            notice_period_months=int(self.notice_period_months.data or 0),
            particulars=self.particulars(),
            deviations=self.deviation_list(),
        )


class ActionForm(VersionedForm):
    """A transition without input that needs no confirmation (send, remind, supersede)."""


class ConfirmForm(ConfirmedForm):
    """A binding or destructive transition without input (cancel, approve, delete)."""


class ReasonForm(ConfirmedForm):
    reason = TextAreaField(
        _l("Reden"),
        filters=[_strip],
        validators=[DataRequired(_l("Geef een reden.")), Length(max=2000)],
    )


class SignForm(VersionedForm):
    name = _text(_l("Uw naam"), required=True)
    # Only asked where the register changed since the agreement was sent (portal signing).
    drift_seen = BooleanField(
        _l("Ik heb de wijzigingen gezien en onderteken toch deze versie van de overeenkomst")
    )
    function = _text(_l("Uw functie"), required=True)
    confirmation = _text(
        _l("Bevestiging: typ het nummer van de overeenkomst of AKKOORD"),
        required=True,
        max_length=40,
    )

    def signing(self, method: str) -> Signing:
        """What the signer gave, signing by `method` (how they proved who they are)."""
        return Signing(
            self.name.data or "", self.function.data or "", self.confirmation.data or "", method
        )


class ScanForm(VersionedForm):
    scan = FileField(
        _l("Ondertekende scan (PDF, hoogstens 20 MiB)"),
        validators=[FileRequired(_l("Kies een PDF-bestand."))],
    )
