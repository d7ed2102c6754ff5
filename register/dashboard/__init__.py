"""The compliance dashboard: completeness, reviews, DPIAs, agreements and drift."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
