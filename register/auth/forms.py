"""Sign-in, second-factor code, password change and set-password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from register.auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from register.forms import Form


def _email_field() -> EmailField:
    return EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            Email(_l("Dit is geen geldig e-mailadres.")),
            Length(max=200),
        ],
    )


class LoginForm(Form):
    email = _email_field()
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(_l("Vul uw wachtwoord in.")), Length(max=MAX_PASSWORD_LENGTH)],
    )


def _new_password_validators() -> list:
    return [
        DataRequired(_l("Kies een nieuw wachtwoord.")),
        Length(
            min=MIN_PASSWORD_LENGTH,
            max=MAX_PASSWORD_LENGTH,
            message=_l("Een wachtwoord heeft minstens 12 en hoogstens 1000 tekens."),
        ),
    ]


def _confirm_validators() -> list:
    return [
        DataRequired(_l("Herhaal het nieuwe wachtwoord.")),
        EqualTo("new_password", _l("De twee wachtwoorden zijn niet gelijk.")),
    ]


class SetPasswordForm(Form):
    """Choose a password through an invitation or reset link."""

    new_password = PasswordField(_l("Nieuw wachtwoord"), validators=_new_password_validators())
    confirm = PasswordField(_l("Herhaal het nieuwe wachtwoord"), validators=_confirm_validators())


class ChangePasswordForm(SetPasswordForm):
    """Change one's own password; the current password is asked again (re-authentication)."""

    current_password = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[
            DataRequired(_l("Vul uw huidige wachtwoord in.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
    )


class CodeForm(Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Vul de code in.")), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )


class ForgotPasswordForm(Form):
    """Ask for a link to choose a new password."""

    email = _email_field()
