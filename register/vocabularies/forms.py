"""Form for a vocabulary term."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import Optional

from register.forms import CreateForm, VersionedForm, WholeNumberRange, text_field
from register.vocabularies.services import TermCommand


class TermForm(CreateForm, VersionedForm):
    MULTILINE = frozenset({"description"})

    label = text_field(_l("Omschrijving"), 200, required=_l("Vul een omschrijving in."))
    description = text_field(_l("Toelichting"), 5000, multiline=True)
    reference = text_field(_l("Wetsartikel of bron"), 100)
    group = text_field(_l("Groep"), 100)
    is_special_category = BooleanField(_l("Bijzonder persoonsgegeven (art. 9)"))
    is_criminal_data = BooleanField(_l("Strafrechtelijk gegeven (art. 10)"))
    is_national_identifier = BooleanField(_l("Nationaal identificatienummer, zoals BSN (art. 87)"))
    sort_order = IntegerField(
        _l("Volgorde"),
        default=0,
        validators=[
            Optional(),
            WholeNumberRange(0, 100000, _l("Kies een getal van 0 tot en met 100000.")),
        ],
    )

    def to_command(self) -> TermCommand:
        """The submitted values as the service's input."""
        return TermCommand(
            label=self.label.data or "",
            description=self.description.data or "",
            reference=self.reference.data or "",
            group=self.group.data or "",
            is_special_category=bool(self.is_special_category.data),
            is_criminal_data=bool(self.is_criminal_data.data),
            is_national_identifier=bool(self.is_national_identifier.data),
            sort_order=self.sort_order.data or 0,
        )


class ActiveForm(VersionedForm):
    pass
