"""The audit trail: browsing, filtering and verification."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
