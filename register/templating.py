"""Template globals and filters shared by every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _

from register.auth.permissions import PREDICATES
from register.texts import formatting


def has_endpoint(endpoint: str) -> bool:
    """Whether a route exists (navigation shows only features that are installed)."""
    return endpoint in current_app.view_functions


def url_with(**changes: Any) -> str:
    """The current URL with some query parameters replaced (pagination, sorting)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    values: dict[str, Any] = {**(request.view_args or {}), **args}
    return url_for(request.endpoint or "auth.home", **values)


def datum(value: dt.date | dt.datetime | None, style: str = "") -> str:
    """A date ("2 december 2027") or a moment in Europe/Amsterdam ("2 december 2027 om 10:42"),
    in one format on every page, as the agreement texts write them; empty for None.

    `style` is accepted from templates written for Babel's styles and changes nothing.
    """
    del style
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value, _("d MMMM y 'om' HH:mm"))
    return format_date(value, _("d MMMM y"))


def register_template_helpers(app: Flask) -> None:
    """Expose the permission predicates and small helpers to every template."""
    app.jinja_env.globals.update(PREDICATES)
    app.jinja_env.globals.update(
        has_endpoint=has_endpoint, url_with=url_with, get_locale=get_locale
    )
    app.jinja_env.filters["datum"] = datum
    app.jinja_env.filters["tijdstip"] = formatting.moment  # legal documents: Amsterdam time
