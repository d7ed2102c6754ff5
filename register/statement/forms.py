"""Forms of the cookie register and of publishing the statement."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired

from register.forms import CreateForm, Form, VersionedForm, enum_choices, text_field
from register.statement.cookies import CookieCommand
from register.statement.models import CookieKind


def _optional_id(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(str(value))
    except ValueError:
        return -1  # not among the choices: refused by the field's own check


class CookieForm(CreateForm, VersionedForm):
    MULTILINE = frozenset({"purpose", "ground"})

    name = text_field(_l("Naam van de cookie"), 200, required=_l("Vul de naam van de cookie in."))
    provider = text_field(_l("Aanbieder"), 200, required=_l("Vul in wie de cookie plaatst."))
    kind = SelectField(
        _l("Soort"),
        choices=enum_choices(CookieKind.labels()),
        validators=[DataRequired(_l("Kies de soort cookie."))],
    )
    purpose = text_field(
        _l("Doel"), 2000, required=_l("Vul in waarvoor de cookie dient."), multiline=True
    )
    retention = text_field(
        _l("Bewaartermijn"), 200, required=_l("Vul in hoe lang de cookie blijft bestaan.")
    )
    legal_basis_id = SelectField(_l("Grondslag"), coerce=_optional_id)
    activity_id = SelectField(_l("Verwerking in het register"), coerce=_optional_id)
    ground = text_field(_l("Keuze en onderbouwing"), 2000, multiline=True)

    def to_command(self) -> CookieCommand:
        return CookieCommand(
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


class PublishForm(Form):
    """Publish: carries the fingerprint of the statement the officer reviewed."""

    reviewed = HiddenField()
