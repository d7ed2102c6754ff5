"""The audit trail's filter form (GET): user, entity, action and period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from register.audit.labels import action_choices, entity_choices
from register.audit.queries import AuditFilters
from register.forms import Form
from register.ids import parse_id


class DutchDateField(DateField):
    """A date (YYYY-MM-DD from the browser's date picker, or DD-MM-YYYY typed) in Dutch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", ["%Y-%m-%d", "%d-%m-%Y"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        raw = str(valuelist[0]).strip()
        for fmt in self.strptime_format:
            try:
                self.data = dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(_l("Dit is geen geldige datum; gebruik bijvoorbeeld 31-12-2026."))


class AuditFilterForm(Form):
    """Filters of the audit overview; bad values get a Dutch message next to the field."""

    class Meta:
        csrf = False

    actor = SelectField(_l("Gebruiker"), validate_choice=False)
    entity_type = SelectField(_l("Soort gegeven"), choices=entity_choices, default="")
    entity_id = StringField(
        _l("Nummer"), validators=[Length(max=40, message=_l("Hoogstens 40 tekens."))]
    )
    action = SelectField(_l("Handeling"), choices=action_choices, default="")
    start = DutchDateField(_l("Van"), validators=[Optional()])
    end = DutchDateField(_l("Tot en met"), validators=[Optional()])

    def validate_actor(self, field: SelectField) -> None:
        if field.data and parse_id(field.data) is None:
            raise ValidationError(_l("Kies een gebruiker uit de lijst."))

    def validate_entity_id(self, field: StringField) -> None:
        if (field.data or "").strip() and not (self.entity_type.data or "").strip():
            raise ValidationError(_l("Kies bij een nummer ook de soort gegeven."))

    def validate_end(self, field: DutchDateField) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("De einddatum ligt voor de begindatum."))

    def filters(self) -> AuditFilters:
        """The validated filters (call after `validate()`)."""
        return AuditFilters(
            actor_id=parse_id(self.actor.data),
            entity_type=self.entity_type.data or "",
            entity_id=(self.entity_id.data or "").strip(),
            action=self.action.data or "",
            start=self.start.data,
            end=self.end.data,
        )
