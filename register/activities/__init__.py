"""The register of processing activities: overview, record, create, edit, retire."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from register.activities.search import install_unicode_lower

bp = Blueprint("activities", __name__, url_prefix="/verwerkingen")


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    install_unicode_lower(state.app)
