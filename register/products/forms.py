"""Forms for products and licences."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import InputRequired, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from register.forms import CreateForm, VersionedForm, enum_field, text_field
from register.organisations.validators import http_url
from register.products.models import ProductKind
from register.products.services import LicenceCommand, ProductCommand

TARGET_GROUPS = [SelectChoice("PO"), SelectChoice("VO"), SelectChoice("MBO")]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProductForm(CreateForm, VersionedForm):
    MULTILINE = frozenset({"description", "access", "certifications"})

    code = text_field(
        _l("Code"),
        40,
        Regexp(
            r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
            message=_l(
                "Een code bestaat uit letters, cijfers, punt, streepje of liggend "
                "streepje, zonder spaties."
            ),
        ),
        required=_l("Vul een code in, bijv. DOENIN."),
    )
    name = text_field(_l("Naam"), 200, required=_l("Vul een naam in."))
    kind = enum_field(
        _l("Soort"),
        ProductKind.labels(),
        _l("Kies een soort product."),
        default=ProductKind.LEARNING_PRODUCT,
    )
    description = text_field(_l("Korte beschrijving"), 5000, multiline=True)
    url = text_field(_l("Webadres"), 200, http_url)
    target_groups = CheckboxesField(_l("Doelgroep"), choices=TARGET_GROUPS)
    users = text_field(_l("Gebruikers"), 300)
    uses_eck_id = BooleanField(_l("Gebruikt het ECK iD (keten-pseudoniem)"))
    access = text_field(_l("Wie ziet wat"), 5000, multiline=True)
    certifications = text_field(_l("Certificeringen"), 5000, multiline=True)
    deletion_term = text_field(
        _l("Termijn voor verwijderen of teruggeven na het einde van de licentie"), 100
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
            deletion_term=self.deletion_term.data or "",
        )


class LicenceForm(CreateForm, VersionedForm):
    organisation_id = SelectField(
        _l("School"),
        coerce=int,
        validators=[InputRequired(_l("Kies een school."))],
    )
    start_date = DateField(
        _l("Begindatum"), validators=[InputRequired(_l("Vul de begindatum in."))]
    )
    end_date = DateField(_l("Einddatum"), validators=[Optional()])
    reference = text_field(_l("Kenmerk overeenkomst"), 100)

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
