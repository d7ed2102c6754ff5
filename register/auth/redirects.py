"""Where to send a user back to: only local paths, never another site."""

from __future__ import annotations


def safe_next(target: str | None) -> str | None:
    """A local path to return to, or None for anything that could leave the site.

    Only paths that start with a single "/" qualify: "//host", "/\\host", absolute URLs and
    control characters or whitespace (which browsers strip or fold into "//") are refused.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) <= 32 or ord(char) == 127 for char in target):
        return None
    return target
