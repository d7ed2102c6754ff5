"""The school portal: a contract manager's own agreements and product leaflets."""

from flask import Blueprint

bp = Blueprint("portal", __name__, url_prefix="/portaal")
