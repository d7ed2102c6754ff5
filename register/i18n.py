"""Locale selection: Dutch by default, English when the user chose it."""

from flask import has_request_context, request, session

SUPPORTED_LOCALES = ("nl", "en")


def select_locale() -> str:
    """The user's chosen language (kept in the session), else Dutch (also outside requests)."""
    if not has_request_context():
        return "nl"
    chosen = session.get("locale")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    asked = request.args.get("lang")
    return asked if asked in SUPPORTED_LOCALES else "nl"
