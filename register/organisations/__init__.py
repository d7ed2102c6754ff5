"""Organisations: the company itself, school boards, sub-processors, recipients."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisaties")
