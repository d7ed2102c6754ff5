"""The round's selection: which set, narrowed by product and school board."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length

from register.characters import search_text
from register.forms import Form
from register.ids import parse_id
from register.rounds.models import RoundKind
from register.rounds.queries import Selection


class RoundForm(Form):
    """The set a round covers; read from the query string for the preview, posted to start."""

    kind = RadioField(
        _l("Welke overeenkomsten"),
        choices=[SelectChoice(kind.value, kind.label) for kind in RoundKind],
        default=RoundKind.UNCOVERED.value,
        validators=[InputRequired()],
    )
    product = SelectField(_l("Product"), choices=[], validate_choice=False)
    school = StringField(_l("Schoolbestuur (naam of BRIN)"), validators=[Length(max=100)])

    def offer_products(self, products: list[tuple[int, str]]) -> None:
        self.product.choices = [SelectChoice("", str(_l("Alle producten")))] + [
            SelectChoice(str(pid), name) for pid, name in products
        ]

    def to_selection(self) -> Selection:
        return Selection(
            kind=RoundKind(self.kind.data),
            product_id=parse_id(self.product.data),
            school=search_text(self.school.data),
        )


class PreviewForm(RoundForm):
    """The same selection in a GET query string: nothing changes, so no CSRF token."""

    class Meta:
        csrf = False


class ButtonForm(Form):
    """A button without input (pause, resume): only the CSRF token."""
