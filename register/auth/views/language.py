"""The language switch: Dutch or English, kept in the session (see register/i18n.py)."""

from __future__ import annotations

from flask import redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired

from register.auth import bp
from register.auth.access import public
from register.auth.redirects import safe_next
from register.error_pages import render_error
from register.extensions import db
from register.forms import Form
from register.i18n import SUPPORTED_LOCALES


class LanguageForm(Form):
    """The footer form; its CSRF token is checked like every POST's (CSRFProtect and here)."""

    lang = StringField(validators=[DataRequired(), AnyOf(SUPPORTED_LOCALES)])
    next = HiddenField()


@bp.post("/taal")
@public
def set_language() -> Response | tuple[str, int]:
    """Remember the chosen language in the session and go back to the page it was chosen on."""
    form = LanguageForm()
    if not form.validate_on_submit():
        return render_error(400, _("Onbekende taal. Kies Nederlands of English."))
    session["locale"] = form.lang.data
    # Kept on the user too, so e-mail (register/mail) reaches them in their language.
    if current_user.is_authenticated and current_user.language != form.lang.data:
        current_user.language = form.lang.data
        db.session.commit()
    return redirect(safe_next(form.next.data) or url_for("auth.home"))
