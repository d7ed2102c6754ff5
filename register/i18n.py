"""Locale selection: Dutch by default, English when the user chose it; the templates' gettext."""

from __future__ import annotations

from gettext import NullTranslations
from typing import ClassVar

from flask import Flask, g, has_request_context, request, session
from flask_babel import get_locale, get_translations
from wtforms.i18n import get_translations as wtforms_translations

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


def current_translations() -> NullTranslations:
    """Flask-Babel's translations for the current locale, kept on `g` for that locale.

    Flask-Babel's own lookup walks `g`, the domain and the locale's identifier on every
    call (about 10 µs; a page makes 50-250 of them). The locale object is compared by
    identity, so `force_locale` (e-mail in the recipient's language) gets its own."""
    locale = get_locale()
    kept = g.get("_translations")
    if kept is None or kept[0] is not locale:
        kept = g._translations = (locale, get_translations())
    return kept[1]


def install_template_gettext(app: Flask) -> None:
    """Point the templates' `_`/`gettext`/`ngettext` at `current_translations` (Flask-Babel
    installs its per-call lookup in `init_app`)."""
    # `install_gettext_callables` is what jinja2.ext.i18n adds to the environment.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: current_translations().gettext(s),
        ngettext=lambda s, p, n: current_translations().ngettext(s, p, n),
        pgettext=lambda c, s: current_translations().pgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().npgettext(c, s, p, n),
        newstyle=True,
    )


class FormTranslations:
    """WTForms' own messages ("Dit veld is vereist.") in the current locale, each locale's
    catalogue read once per process. Flask-WTF reads it from disk again in every request
    that builds a form, and keeps the first locale for the rest of the request."""

    _loaded: ClassVar[dict[str, NullTranslations]] = {}

    def _current(self) -> NullTranslations:
        locale = str(get_locale() or SUPPORTED_LOCALES[0])
        if locale not in self._loaded:
            self._loaded[locale] = wtforms_translations([locale])
        return self._loaded[locale]

    def gettext(self, string: str) -> str:
        return self._current().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._current().ngettext(singular, plural, n)
