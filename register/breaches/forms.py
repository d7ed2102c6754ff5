"""Forms for documenting a breach and recording the decision to notify."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateTimeLocalField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
)
from wtforms.validators import InputRequired, Optional

from register.breaches.services import BreachCommand, Decision
from register.calendar import LOCAL_ZONE
from register.forms import CreateForm, VersionedForm, text_field

_WHEN = _l("Vul een geldige datum en tijd in.")
FORMAT = "%Y-%m-%dT%H:%M"
YES_NO = [SelectChoice("ja", _l("Ja")), SelectChoice("nee", _l("Nee"))]


def to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A local (Dutch) time typed in a form as an aware UTC datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=LOCAL_ZONE).astimezone(dt.UTC)


def to_local(value: dt.datetime | None) -> dt.datetime | None:
    """A stored UTC time as the naive local time a form field shows."""
    if value is None:
        return None
    return value.astimezone(LOCAL_ZONE).replace(tzinfo=None)


def _when(label: object, required: bool = True) -> DateTimeLocalField:
    validators = [InputRequired(_WHEN)] if required else [Optional()]
    return DateTimeLocalField(label, format=FORMAT, validators=validators)


class BreachForm(CreateForm, VersionedForm):
    MULTILINE = frozenset({"facts", "effects", "measures", "data_subjects"})

    title = text_field(_l("Korte titel"), 200, required=_l("Geef het datalek een korte titel."))
    occurred_at = _when(_l("Begonnen op"))
    ended_at = _when(_l("Geëindigd op"), required=False)
    aware_at = _when(_l("Ontdekt op"))
    facts = text_field(_l("Feiten: wat is er gebeurd?"), 5000, multiline=True)
    effects = text_field(_l("Gevolgen voor de betrokkenen"), 5000, multiline=True)
    measures = text_field(_l("Genomen maatregelen"), 5000, multiline=True)
    data_subjects = text_field(
        _l("Betrokkenen en gegevens (soorten, bij benadering aantallen)"), 5000, multiline=True
    )
    product_ids = SelectMultipleField(_l("Geraakte producten"), coerce=int)
    activity_ids = SelectMultipleField(_l("Geraakte verwerkingen"), coerce=int)

    def fill(self, breach: object) -> None:
        """Show a stored breach's times in local time."""
        for name in ("occurred_at", "ended_at", "aware_at"):
            getattr(self, name).data = to_local(getattr(breach, name))

    def to_command(self) -> BreachCommand:
        return BreachCommand(
            title=self.title.data or "",
            occurred_at=to_utc(self.occurred_at.data),  # type: ignore[arg-type]
            ended_at=to_utc(self.ended_at.data),
            aware_at=to_utc(self.aware_at.data),  # type: ignore[arg-type]
            facts=self.facts.data or "",
            effects=self.effects.data or "",
            measures=self.measures.data or "",
            data_subjects=self.data_subjects.data or "",
            product_ids=tuple(self.product_ids.data or ()),
            activity_ids=tuple(self.activity_ids.data or ()),
        )


class DecisionForm(VersionedForm):
    MULTILINE = frozenset({"authority_reasoning", "subjects_reasoning"})

    notify_authority = RadioField(
        _l("Melden aan de Autoriteit Persoonsgegevens?"),
        choices=YES_NO,
        validators=[InputRequired(_l("Kies ja of nee."))],
    )
    authority_reasoning = text_field(
        _l("Onderbouwing (risico voor de betrokkenen)"), 5000, multiline=True
    )
    authority_reference = text_field(_l("Meldnummer AP"), 100)
    authority_notified_at = _when(_l("Gemeld op"), required=False)
    notify_subjects = RadioField(
        _l("Betrokkenen informeren (hoog risico, art. 34 AVG)?"),
        choices=YES_NO,
        validators=[InputRequired(_l("Kies ja of nee."))],
    )
    subjects_reasoning = text_field(_l("Onderbouwing"), 5000, multiline=True)
    subjects_notified_at = _when(_l("Betrokkenen geïnformeerd op"), required=False)

    def fill(self, breach: object) -> None:
        for name in ("notify_authority", "notify_subjects"):
            value = getattr(breach, name)
            getattr(self, name).data = None if value is None else ("ja" if value else "nee")
        for name in ("authority_notified_at", "subjects_notified_at"):
            getattr(self, name).data = to_local(getattr(breach, name))

    def to_decision(self) -> Decision:
        return Decision(
            notify_authority=self.notify_authority.data == "ja",
            authority_reasoning=self.authority_reasoning.data or "",
            authority_reference=self.authority_reference.data or "",
            authority_notified_at=to_utc(self.authority_notified_at.data),
            notify_subjects=self.notify_subjects.data == "ja",
            subjects_reasoning=self.subjects_reasoning.data or "",
            subjects_notified_at=to_utc(self.subjects_notified_at.data),
        )


class ButtonForm(VersionedForm):
    """A button on the breach page: only the version (and the CSRF token) travel."""
