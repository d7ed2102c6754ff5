"""Sign-in, sign-out and the signed-in user's own account."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
