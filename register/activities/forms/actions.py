"""The forms of an activity's state changes: retire (with a reason) and activate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import DataRequired

from register.activities.forms.inputs import long_text
from register.forms import VersionedForm


class RetireForm(VersionedForm):
    """End an activity: a reason is required."""

    reason = long_text(_l("Reden van beëindiging"), DataRequired(_l("Geef de reden op.")))
    confirm = BooleanField(
        _l(
            "Ik begrijp dat de verwerking uit het actieve register verdwijnt "
            "(de geschiedenis blijft)."
        ),
        validators=[DataRequired(_l("Bevestig de beëindiging."))],
    )


class ActivateForm(VersionedForm):
    """Activate a complete draft (a button; CSRF only)."""
