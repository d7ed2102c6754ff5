"""Rendering a message from its templates: subject, plain text and HTML, in one language.

`templates/mail/<name>.subject.txt`, `<name>.txt` and `<name>.html` are ordinary Jinja
templates with `{% trans %}` / `_()` like the pages, rendered with the recipient's language
forced. The HTML extends `mail/_layout.html`: one column, real text, no images, no tracking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from register.i18n import SUPPORTED_LOCALES


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render_message(template: str, context: Mapping[str, Any], locale: str) -> Rendered:
    """The message `template` rendered for one recipient in `locale` (Dutch if unknown)."""
    locale = locale if locale in SUPPORTED_LOCALES else "nl"
    values = {
        "base_url": current_app.config["PUBLIC_BASE_URL"].rstrip("/"),
        "locale": locale,
        **context,
    }
    with force_locale(locale):
        subject = render_template(f"mail/{template}.subject.txt", **values)
        text = render_template(f"mail/{template}.txt", **values)
        html = render_template(f"mail/{template}.html", **values)
    return Rendered(subject=" ".join(subject.split())[:300], text=text.strip() + "\n", html=html)
