"""User administration: invitations, roles, deactivation and password resets."""

from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/gebruikers")
