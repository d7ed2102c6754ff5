"""One rule for the text of a search box read from a request (`?q=`, `?school=`, ...).

Every list and picker that searches by name reads its term with `search_text`: control
characters and lone surrogates dropped (PostgreSQL refuses a NUL in a query: a NUL in the
address was a 500), surrounding spaces trimmed, and the length capped, so that an odd or
endless address searches for what is left rather than failing.
"""

from __future__ import annotations

import unicodedata
from typing import Any

MAX_SEARCH = 100


def search_text(raw: Any, limit: int = MAX_SEARCH) -> str:
    """A search term from a request: control characters dropped, trimmed and capped."""
    if not isinstance(raw, str):
        return ""
    return "".join(c for c in raw if unicodedata.category(c) not in {"Cc", "Cs"}).strip()[:limit]
