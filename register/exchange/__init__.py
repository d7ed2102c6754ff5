"""Exports and imports of the register."""

from flask import Blueprint

bp = Blueprint("exchange", __name__, url_prefix="/uitwisseling")
