"""The register of processing activities: overview, record, create, edit, retire.

- ``models``: the activity and its parts; ``catalogue``: every field of an activity, declared
  once (labels, export columns, limits, presence checks); ``labels``: status badges and a
  field's value as a page shows it.
- The way of one edit: ``views`` (load, permission) -> ``forms.ActivityForm.to_command`` ->
  ``services.update_activity`` (``apply.apply_command`` sets fields and reconciles parts;
  ``completeness`` recounts what is missing; a version with the ``record`` is written)
  -> commit. The import and the demo write through the same services
  (``commands.command_from_record``).
- Reading: ``queries`` (overview filters and pages, history), ``search`` (unicode-aware
  matching), ``record`` (the canonical plain-value record), ``diff`` (changes between
  records), ``facts`` (what completeness needs from outside the record), ``choices``
  (form options).
"""

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState

from register.activities.search import install_unicode_lower

bp = Blueprint("activities", __name__, url_prefix="/verwerkingen")


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    if isinstance(state.app, Flask):  # always, when registered on the application
        install_unicode_lower(state.app)
