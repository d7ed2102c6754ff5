"""Products and the licences of schools for them."""

from flask import Blueprint

bp = Blueprint("products", __name__, url_prefix="/producten")
