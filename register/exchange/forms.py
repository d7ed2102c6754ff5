"""Forms of the exchange page: export, the register on a date, upload and confirm an import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, ValidationError

from register.exchange.dates import parse_as_of
from register.exchange.errors import InvalidDate
from register.exchange.filters import FILTER_PARAMETERS, ActivityFilter
from register.forms import Form


class _AsOfMixin:
    def validate_as_of(self, field: Any) -> None:
        try:
            self.as_of_date = parse_as_of(field.data)
        except InvalidDate as error:
            raise ValidationError(error.message) from None


class ExportForm(_AsOfMixin, Form):
    """Choose a format and optionally a past date; the overview's filter rides along."""

    format = SelectField(
        _l("Formaat"),
        choices=[
            SelectChoice("xlsx", _l("Excel-werkmap (XLSX)")),
            SelectChoice("csv", _l("CSV (zip met alle delen)")),
            SelectChoice("json", _l("JSON")),
            SelectChoice("pdf", _l("PDF voor de toezichthouder")),
        ],
        default="xlsx",
    )
    as_of = StringField(
        _l("Stand op datum"), description=_l("Leeg voor de actuele stand; anders JJJJ-MM-DD.")
    )
    # The overview's filter (see register.exchange.filters), under its parameter names.
    q = HiddenField()
    rol = HiddenField()
    status = HiddenField()
    product = HiddenField()
    gegeven = HiddenField()
    grondslag = HiddenField()
    verlopen = HiddenField()
    onvolledig = HiddenField()
    submit = SubmitField(_l("Exporteren"))
    as_of_date: dt.date | None = None

    def activity_filter(self) -> ActivityFilter:
        """The filter carried in the hidden fields."""
        return ActivityFilter.from_args(
            {name: getattr(self, name).data for name in FILTER_PARAMETERS}
        )


class AsOfForm(_AsOfMixin, Form):
    """The register as it stood on a date (GET form)."""

    class Meta:
        csrf = False

    datum = StringField(_l("Datum"), validators=[DataRequired(_l("Vul een datum in."))])
    as_of_date: dt.date | None = None

    def validate_datum(self, field: Any) -> None:
        self.validate_as_of(field)


class ImportForm(Form):
    """Upload a workbook for a preview."""

    file = FileField(
        _l("Werkmap (XLSX)"),
        validators=[FileRequired(_l("Kies een bestand."))],
        description=_l(
            "Een export van dit register, of een blad met één rij per verwerking in de "
            "kolommen van Fides of Kennisnet."
        ),
    )
    submit = SubmitField(_l("Controleren"))


class ConfirmImportForm(Form):
    """Confirm (or cancel) the import of the previewed file."""

    token = HiddenField(validators=[DataRequired()])
    confirm = SubmitField(_l("Importeren"))
    cancel = SubmitField(_l("Annuleren"))
