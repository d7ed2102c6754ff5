"""Forms of the cookie register and of publishing the statement."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from register.forms import CreateForm, VersionedForm
from register.organisations.validators import CleanForm, strip
from register.statement.cookies import CookieData
from register.statement.models import CookieKind
from register.statement.services import COOKIE_KIND_LABELS

_MAX = _l("Maximaal %(max)d tekens.")


def _optional_id(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(str(value))
    except ValueError:
        return -1  # not among the choices: refused by the field's own check


class CookieForm(CleanForm, CreateForm, VersionedForm):
    MULTILINE = frozenset({"purpose", "ground"})

    name = StringField(
        _l("Naam van de cookie"),
        validators=[
            DataRequired(_l("Vul de naam van de cookie in.")),
            Length(max=200, message=_MAX),
        ],
        filters=[strip],
    )
    provider = StringField(
        _l("Aanbieder"),
        validators=[
            DataRequired(_l("Vul in wie de cookie plaatst.")),
            Length(max=200, message=_MAX),
        ],
        filters=[strip],
    )
    kind = SelectField(
        _l("Soort"),
        choices=[SelectChoice(kind.value, label) for kind, label in COOKIE_KIND_LABELS.items()],
        validators=[DataRequired(_l("Kies de soort cookie."))],
    )
    purpose = TextAreaField(
        _l("Doel"),
        validators=[
            DataRequired(_l("Vul in waarvoor de cookie dient.")),
            Length(max=2000, message=_MAX),
        ],
        filters=[strip],
    )
    retention = StringField(
        _l("Bewaartermijn"),
        validators=[
            DataRequired(_l("Vul in hoe lang de cookie blijft bestaan.")),
            Length(max=200, message=_MAX),
        ],
        filters=[strip],
    )
    legal_basis_id = SelectField(_l("Grondslag"), coerce=_optional_id)
    activity_id = SelectField(_l("Verwerking in het register"), coerce=_optional_id)
    ground = TextAreaField(
        _l("Keuze en onderbouwing"),
        validators=[Length(max=2000, message=_MAX)],
        filters=[strip],
    )

    def to_data(self) -> CookieData:
        return CookieData(
            name=self.name.data or "",
            provider=self.provider.data or "",
            purpose=self.purpose.data or "",
            kind=CookieKind(self.kind.data),
            retention=self.retention.data or "",
            legal_basis_id=self.legal_basis_id.data,
            ground=self.ground.data or "",
            activity_id=self.activity_id.data,
        )


class ButtonForm(VersionedForm):
    """A button on a cookie's row: only the version (and the CSRF token) travel."""


class PublishForm(FlaskForm):
    """Publish: carries the fingerprint of the statement the officer reviewed."""

    reviewed = HiddenField()
