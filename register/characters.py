"""Which characters text may hold: what a form refuses, what a search keeps, and what a
written document keeps of stored text.

- `has_control_characters`: a text field of any form (`register.forms`) and a passkey's name
  refuse control characters (tabs are allowed everywhere, line breaks where the field has
  lines), lone surrogate halves and the noncharacters U+FFFE and U+FFFF. PostgreSQL refuses
  a NUL in text; XML, and so every XLSX export, cannot hold the others: one stored U+FFFF made
  the register's export fail for everyone.
- `search_text`: every list and picker that searches by name reads its term from the request
  (`?q=`, `?school=`, ...) with what a form refuses dropped (tabs and line breaks too),
  surrounding spaces trimmed and the length capped, so that an odd or endless address
  searches for what is left rather than failing (a NUL in a search was a 500 on PostgreSQL).
- `xml_text`: what every spreadsheet export (the register's XLSX and CSV, the audit trail's,
  the breach register's) and every PDF writes of stored text. An XLSX sheet and a PDF/A's
  metadata are XML, and XML 1.0 cannot hold control characters (tab, newline and CR aside), a
  lone surrogate half, or U+FFFE and U+FFFF: one such character in one value made the whole
  export fail, and made the XMP metadata of a PDF/A ill-formed. The forms refuse them, but a
  document must also write what was stored before, and the audit trail keeps every value it
  was ever given; so a space takes such a character's place. CSV files get the same text, so
  both formats of one export agree.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_SEARCH = 100
# Besides the control characters, what no XML document may hold (surrogates are category Cs).
_NOT_XML = frozenset({"\ufffe", "\uffff"})
_TAB = frozenset({"\t"})
_LINES = frozenset({"\t", "\n", "\r"})
# What XML 1.0 cannot hold (the C1 controls it can: forms refuse them all the same).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _refused(character: str, allowed: frozenset[str] = frozenset()) -> bool:
    """A control character or surrogate half (unless `allowed`), or U+FFFE / U+FFFF."""
    if character in allowed:
        return False
    return unicodedata.category(character) in ("Cc", "Cs") or character in _NOT_XML


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """Whether text holds NUL or other control characters (tabs/newlines only in multiline),
    or a character no XML document may hold (a lone surrogate, U+FFFE, U+FFFF)."""
    allowed = _LINES if multiline else _TAB
    return any(_refused(c, allowed) for c in text)


def search_text(raw: Any, limit: int = MAX_SEARCH) -> str:
    """A search term from a request: what a form refuses dropped, trimmed and capped."""
    if not isinstance(raw, str):
        return ""
    return "".join(c for c in raw if not _refused(c)).strip()[:limit]


def xml_text(value: str) -> str:
    """`value` with a space for every character an XML document cannot hold."""
    return _NOT_IN_XML.sub(" ", value)
