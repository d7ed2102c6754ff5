"""Forms of the user administration: filters, invitation and editing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, ValidationError

from register.auth.models import UserRole
from register.forms import CreateForm, Form
from register.users.organisations import split_references
from register.users.services import UserCommand


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, str(role.label)) for role in UserRole]


class UserFilterForm(Form):
    """Search and filter the user list (GET, no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Zoeken"), validators=[Length(max=200)])
    role = SelectField(_l("Rol"), validate_choice=False)
    active = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Alle")),
            SelectChoice("ja", _l("Actief")),
            SelectChoice("nee", _l("Gedeactiveerd")),
        ],
        validate_choice=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [SelectChoice("", str(_l("Alle rollen"))), *_role_choices()]


class UserForm(CreateForm):
    """Invite a user or change one; organisations only for contract managers."""

    name = StringField(
        _l("Naam"),
        validators=[DataRequired(_l("Vul de naam in.")), Length(max=200)],
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul het e-mailadres in.")),
            Email(_l("Dit is geen geldig e-mailadres.")),
            Length(max=200, message=_l("Hoogstens 200 tekens.")),
        ],
    )
    role = SelectField(
        _l("Rol"), validators=[DataRequired(_l("Kies een rol."))], validate_choice=False
    )
    organisations = TextAreaField(
        _l("Scholen (alleen voor contractbeheerders)"),
        validators=[Length(max=5000)],
    )
    is_signatory = BooleanField(_l("Tekenbevoegd"))
    function = StringField(_l("Functie"), validators=[Length(max=200)])
    version = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()

    def validate_role(self, field: SelectField) -> None:
        if field.data not in {role.value for role in UserRole}:
            raise ValidationError(_l("Kies een van de rollen."))

    def to_command(self) -> UserCommand:
        """The service input."""
        return UserCommand(
            name=self.name.data or "",
            email=self.email.data or "",
            role=UserRole(self.role.data),
            organisations=tuple(split_references(self.organisations.data or "")),
            is_signatory=bool(self.is_signatory.data),
            function=self.function.data or "",
        )
