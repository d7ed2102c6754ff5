"""One rule for ids read from a request: in the path and in the query string.

Ids are 32-bit integers on PostgreSQL (SQLite refuses anything beyond 64 bits with an
`OverflowError`), so a larger number can only be garbage or a probe. Two readers share
the bound below:

- `BoundedIdConverter` replaces Werkzeug's `int` converter in `app.url_map.converters`,
  once in `create_app` before the blueprints are registered. Every `<int:...>` route part
  in every feature then matches only 0..MAX_ID; a larger number matches no route, so the
  answer is the ordinary 404. Overriding `int` rather than adding an `id` converter keeps
  every route as written and leaves no way to add an unbounded int part by accident. The
  lower bound is 0, not 1, because one route part is a zero-based position (a leaflet's
  index); id 0 simply finds nothing.
- `parse_id` reads an id from a query argument (`?product=`, `?school=`, filters): an id
  written in ASCII digits within the bound, or None, which a feature treats as "no filter".
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(raw: Any) -> int | None:
    """An id from a query argument: ASCII digits within 0..MAX_ID, otherwise None."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


class BoundedIdConverter(IntegerConverter):
    """Werkzeug's `int` converter bounded to 0..MAX_ID; beyond it no route matches (404)."""

    regex = r"[0-9]+"  # ASCII digits only (Werkzeug's `\d` also takes other scripts' digits)

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("min", 0)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
