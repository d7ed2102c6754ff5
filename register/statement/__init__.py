"""The public privacy statement generated from the register."""

from flask import Blueprint

bp = Blueprint("statement", __name__, url_prefix="/privacyverklaring")
