"""Forms for recording and handling data-subject requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Email, InputRequired

from register.forms import CreateForm, Form, VersionedForm, WholeNumberRange, enum_field, text_field
from register.subject_requests.models import Channel, Outcome, RequestKind
from register.subject_requests.services import SubjectRequestCommand

_EMAIL = Email(_l("Vul een geldig e-mailadres in."))
_DATE = _l("Vul een geldige datum in (dd-mm-jjjj).")


def _optional_id(value: Any) -> int | None:
    if value in (None, "", "0", 0):
        return None
    return int(value)


class RequestForm(CreateForm, VersionedForm):
    MULTILINE = frozenset({"requester_address", "description"})

    kind = enum_field(_l("Soort verzoek"), RequestKind.labels(), _l("Kies de soort verzoek."))
    channel = enum_field(
        _l("Ontvangen via"), Channel.labels(), _l("Kies hoe het verzoek binnenkwam.")
    )
    received_on = DateField(
        _l("Ontvangen op"), validators=[InputRequired(_DATE)], render_kw={"required": True}
    )
    requester_name = text_field(
        _l("Naam verzoeker"), 200, required=_l("Vul de naam van de verzoeker in.")
    )
    requester_email = text_field(_l("E-mailadres verzoeker"), 200, _EMAIL, field=EmailField)
    requester_address = text_field(_l("Postadres verzoeker"), 1000, multiline=True)
    description = text_field(_l("Omschrijving van het verzoek"), 10000, multiline=True)
    handler_id = SelectField(_l("Behandelaar"), coerce=_optional_id, validate_choice=True)
    school_id = SelectField(
        _l("School (als de gegevens van een school zijn)"),
        coerce=_optional_id,
        validate_choice=True,
    )
    activity_ids = SelectMultipleField(
        _l("Verwerkingen met gegevens van de verzoeker"), coerce=int, validate_choice=True
    )

    def to_command(self) -> SubjectRequestCommand:
        return SubjectRequestCommand(
            kind=RequestKind(self.kind.data),
            channel=Channel(self.channel.data),
            received_on=self.received_on.data,
            requester_name=self.requester_name.data or "",
            requester_email=self.requester_email.data or "",
            requester_address=self.requester_address.data or "",
            description=self.description.data or "",
            handler_id=self.handler_id.data,
            school_id=self.school_id.data,
            activity_ids=tuple(self.activity_ids.data or ()),
        )


class VerifyForm(VersionedForm):
    method = text_field(_l("Hoe is de identiteit gecontroleerd?"), 300)
    failed = BooleanField(_l("De identiteit kon niet worden vastgesteld"))


class ForwardForm(VersionedForm):
    """The forward button: only the version (and the CSRF token) travel."""


class ExtendForm(VersionedForm):
    MULTILINE = frozenset({"reason"})

    months = IntegerField(
        _l("Verlengen met (maanden)"),
        validators=[
            InputRequired(_l("Vul 1 of 2 in.")),
            WholeNumberRange(1, 2, _l("Verleng met één of twee maanden.")),
        ],
    )
    reason = text_field(_l("Reden van de verlenging"), 2000, multiline=True)
    noticed_on = DateField(_l("Verzoeker geïnformeerd op"), validators=[InputRequired(_DATE)])


class CloseForm(VersionedForm):
    MULTILINE = frozenset({"note", "answer"})

    outcome = enum_field(_l("Uitkomst"), Outcome.labels(), _l("Kies de uitkomst."))
    note = text_field(_l("Toelichting (reden bij weigering)"), 5000, multiline=True)
    answer = text_field(_l("Antwoord aan de verzoeker (komt in de brief)"), 10000, multiline=True)

    def outcome_value(self) -> Outcome:
        return Outcome(self.outcome.data)


class PublicRequestForm(Form):
    """The public form: what a data subject asks, and the two spam checks' fields."""

    MULTILINE = frozenset({"description"})

    kind = enum_field(_l("Wat wilt u?"), RequestKind.labels(), _l("Kies wat u wilt."))
    name = text_field(_l("Uw naam"), 200, required=_l("Vul uw naam in."))
    email = text_field(
        _l("Uw e-mailadres"),
        200,
        _EMAIL,
        required=_l("Vul uw e-mailadres in; daarheen sturen wij de bevestiging."),
        field=EmailField,
    )
    description = text_field(
        _l("Uw verzoek"), 5000, required=_l("Beschrijf uw verzoek."), multiline=True
    )
    # Honeypot: hidden from people, filled in by robots.
    website = StringField(_l("Niet invullen"))
    stamp = HiddenField()

    def to_command(self, received_on: dt.date) -> SubjectRequestCommand:
        return SubjectRequestCommand(
            kind=RequestKind(self.kind.data),
            channel=Channel.WEB_FORM,
            received_on=received_on,
            requester_name=self.name.data or "",
            requester_email=self.email.data or "",
            description=self.description.data or "",
        )
