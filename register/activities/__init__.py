"""The register of processing activities: overview, record, create, edit, retire."""

from flask import Blueprint

bp = Blueprint("activities", __name__, url_prefix="/verwerkingen")
