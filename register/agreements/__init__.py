"""Processor agreements: preparation, life cycle, documents and drift (staff side)."""

from flask import Blueprint

bp = Blueprint("agreements", __name__, url_prefix="/overeenkomsten")
