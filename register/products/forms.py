"""Forms for products and licences."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from register.forms import CreateForm, VersionedForm
from register.organisations.validators import CleanForm, http_url, strip
from register.products.models import ProductKind
from register.products.services import LicenceCommand, ProductCommand

KIND_LABELS = {
    ProductKind.LEARNING_PRODUCT: _l("Digitaal onderwijsmiddel"),
    ProductKind.OWN_SERVICE: _l("Eigen dienst"),
}
TARGET_GROUPS = [SelectChoice("PO"), SelectChoice("VO"), SelectChoice("MBO")]
_MAX = _l("Maximaal %(max)d tekens.")


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProductForm(CleanForm, CreateForm, VersionedForm):
    MULTILINE = frozenset({"description", "access", "certifications"})

    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Vul een code in, bijv. DOENIN.")),
            Length(max=40, message=_MAX),
            Regexp(
                r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
                message=_l(
                    "Een code bestaat uit letters, cijfers, punt, streepje of liggend "
                    "streepje, zonder spaties."
                ),
            ),
        ],
        filters=[strip],
    )
    name = StringField(
        _l("Naam"),
        validators=[DataRequired(_l("Vul een naam in.")), Length(max=200, message=_MAX)],
        filters=[strip],
    )
    kind = SelectField(
        _l("Soort"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        default=ProductKind.LEARNING_PRODUCT.value,
        validators=[InputRequired(_l("Kies een soort product."))],
    )
    description = TextAreaField(
        _l("Korte beschrijving"), validators=[Length(max=5000, message=_MAX)], filters=[strip]
    )
    url = StringField(
        _l("Webadres"),
        validators=[Optional(), Length(max=200, message=_MAX), http_url],
        filters=[strip],
    )
    target_groups = CheckboxesField(_l("Doelgroep"), choices=TARGET_GROUPS)
    users = StringField(
        _l("Gebruikers"),
        validators=[Length(max=300, message=_MAX)],
        filters=[strip],
    )
    uses_eck_id = BooleanField(_l("Gebruikt het ECK iD (keten-pseudoniem)"))
    access = TextAreaField(
        _l("Wie ziet wat"), validators=[Length(max=5000, message=_MAX)], filters=[strip]
    )
    certifications = TextAreaField(
        _l("Certificeringen"), validators=[Length(max=5000, message=_MAX)], filters=[strip]
    )

    def to_command(self) -> ProductCommand:
        """The submitted values as the service's input."""
        chosen = set(self.target_groups.data or [])
        return ProductCommand(
            code=self.code.data or "",
            name=self.name.data or "",
            kind=ProductKind(self.kind.data),
            description=self.description.data or "",
            url=self.url.data or "",
            target_groups=" ".join(c.value for c in TARGET_GROUPS if c.value in chosen),
            users=self.users.data or "",
            uses_eck_id=bool(self.uses_eck_id.data),
            access=self.access.data or "",
            certifications=self.certifications.data or "",
        )


class LicenceForm(CleanForm, CreateForm, VersionedForm):
    organisation_id = SelectField(
        _l("School"),
        coerce=int,
        validators=[InputRequired(_l("Kies een school."))],
    )
    start_date = DateField(
        _l("Begindatum"), validators=[InputRequired(_l("Vul de begindatum in."))]
    )
    end_date = DateField(_l("Einddatum"), validators=[Optional()])
    reference = StringField(
        _l("Kenmerk overeenkomst"),
        validators=[Length(max=100, message=_MAX)],
        filters=[strip],
    )

    def to_command(self, product_id: int) -> LicenceCommand:
        """The submitted values as the service's input."""
        return LicenceCommand(
            organisation_id=self.organisation_id.data,
            product_id=product_id,
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            reference=self.reference.data or "",
        )


class EndLicenceForm(VersionedForm):
    end_date = DateField(_l("Einddatum"), validators=[InputRequired(_l("Vul de einddatum in."))])


class ActiveForm(VersionedForm):
    pass
