"""The editable vocabularies of the register."""

from flask import Blueprint

bp = Blueprint("vocabularies", __name__, url_prefix="/lijsten")
