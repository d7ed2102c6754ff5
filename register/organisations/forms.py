"""Forms for organisations: the party's identifiers, address and contacts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, StringField
from wtforms.fields.simple import TextAreaField
from wtforms.validators import Email, Length, Optional

from register.forms import CreateForm, VersionedForm, enum_field, text_field
from register.organisations import validators as check
from register.organisations.models import OrganisationKind
from register.organisations.services import OrganisationCommand
from register.organisations.validators import normalise_postcode, strip, upper_compact

_EMAIL = _l("Dit is geen geldig e-mailadres, bijv. privacy@school.nl.")


def _text(label: str, max_length: int, *validators: object, required: bool = False) -> Any:
    return text_field(
        label, max_length, *validators, required=_l("Vul dit veld in.") if required else None
    )


def _email(label: str) -> Any:
    return text_field(label, 200, Email(_EMAIL), field=EmailField)


class OrganisationForm(CreateForm, VersionedForm):
    kind = enum_field(
        _l("Soort"),
        OrganisationKind.labels(),
        _l("Kies een soort organisatie."),
        default=OrganisationKind.SCHOOL,
    )
    name = _text(_l("Naam"), 200, required=True)
    legal_form = _text(_l("Rechtsvorm"), 100)
    brin = text_field(_l("BRIN-nummer"), 8, check.brin, filters=(upper_compact,))
    rio = text_field(_l("RIO-code"), 20, check.rio, filters=(upper_compact,))
    kvk = StringField(
        _l("KvK-nummer"),
        validators=[
            Optional(),
            Length(
                max=8, message=_l("Een KvK-nummer bestaat uit precies 8 cijfers, bijv. 41089876.")
            ),
            check.kvk,
        ],
        filters=[strip, lambda v: v.replace(" ", "") if isinstance(v, str) else v],
    )
    address = _text(_l("Adres"), 200)
    postcode = text_field(_l("Postcode"), 10, check.dutch_postcode(), filters=(normalise_postcode,))
    city = _text(_l("Plaats"), 100)
    country = _text(_l("Land"), 100)
    website = _text(_l("Website"), 200, check.http_url)
    email = _email(_l("Algemeen e-mailadres"))
    phone = _text(_l("Telefoon"), 40, check.phone)
    privacy_contact_name = _text(_l("Naam privacycontactpersoon"), 200)
    privacy_contact_email = _email(_l("E-mailadres privacycontactpersoon"))
    privacy_contact_phone = _text(_l("Telefoon privacycontactpersoon"), 40, check.phone)
    dpo_name = _text(_l("Naam functionaris gegevensbescherming (FG)"), 200)
    dpo_email = _email(_l("E-mailadres FG"))
    dpo_phone = _text(_l("Telefoon FG"), 40, check.phone)
    dpo_not_appointed = BooleanField(_l("Geen functionaris gegevensbescherming aangewezen"))
    dpo_not_appointed_reason = TextAreaField(
        _l("Reden om geen FG aan te wijzen"),
        validators=[Optional(), Length(max=4000, message=_l("Maximaal %(max)d tekens."))],
        filters=[strip],
    )
    location = _text(_l("Verwerkingslocatie"), 100)
    processor_agreement = _text(_l("Verwerkersovereenkomst"), 500)
    representative_name = _text(_l("Naam vertegenwoordiger"), 200)
    representative_function = _text(_l("Functie vertegenwoordiger"), 200)
    representative_mandate = _text(_l("Volmacht"), 2000)
    version = HiddenField()

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        is_school = self.kind.data == OrganisationKind.SCHOOL.value
        if is_school and not (self.brin.data or self.rio.data or self.kvk.data):
            self.brin.errors = [
                *self.brin.errors,
                _l("Vul voor een school een BRIN-nummer, RIO-code of KvK-nummer in."),
            ]
            valid = False
        if self.dpo_not_appointed.data and not self.dpo_not_appointed_reason.data:
            self.dpo_not_appointed_reason.errors = [
                *self.dpo_not_appointed_reason.errors,
                _l("Leg vast waarom er geen functionaris gegevensbescherming is aangewezen."),
            ]
            valid = False
        if self.dpo_not_appointed.data and self.dpo_name.data:
            self.dpo_not_appointed.errors = [
                *self.dpo_not_appointed.errors,
                _l("Er is een FG ingevuld: haal de naam weg of dit vinkje."),
            ]
            valid = False
        return valid

    def differences(self, current: object) -> list[tuple[str, str, str]]:
        """(label, stored value, typed value) for every field the user typed differently."""
        typed = asdict(self.to_command())
        rows = []
        for name, value in typed.items():
            stored = getattr(current, name)
            stored_text = stored.value if isinstance(stored, OrganisationKind) else stored or ""
            typed_text = value.value if isinstance(value, OrganisationKind) else value or ""
            if stored_text != typed_text:
                label = str(getattr(self, name).label.text)
                if name == "kind":
                    stored_text = str(OrganisationKind(stored_text).label)
                    typed_text = str(OrganisationKind(typed_text).label)
                rows.append((label, str(stored_text), str(typed_text)))
        return rows

    def to_command(self) -> OrganisationCommand:
        """The submitted values as the service's input."""
        return OrganisationCommand(
            kind=OrganisationKind(self.kind.data),
            name=self.name.data or "",
            legal_form=self.legal_form.data or "",
            brin=self.brin.data or None,
            rio=self.rio.data or None,
            kvk=self.kvk.data or None,
            address=self.address.data or "",
            postcode=self.postcode.data or "",
            city=self.city.data or "",
            country=self.country.data or "",
            website=self.website.data or "",
            email=self.email.data or "",
            phone=self.phone.data or "",
            privacy_contact_name=self.privacy_contact_name.data or "",
            privacy_contact_email=self.privacy_contact_email.data or "",
            privacy_contact_phone=self.privacy_contact_phone.data or "",
            dpo_name=self.dpo_name.data or "",
            dpo_email=self.dpo_email.data or "",
            dpo_phone=self.dpo_phone.data or "",
            dpo_not_appointed=bool(self.dpo_not_appointed.data),
            dpo_not_appointed_reason=self.dpo_not_appointed_reason.data or "",
            location=self.location.data or "",
            processor_agreement=self.processor_agreement.data or "",
            representative_name=self.representative_name.data or "",
            representative_function=self.representative_function.data or "",
            representative_mandate=self.representative_mandate.data or "",
        )


class ActiveForm(VersionedForm):
    """Deactivate or reactivate: only the version travels."""
