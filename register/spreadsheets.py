"""Text that a spreadsheet cell can hold, for every export that writes one: the register's
(XLSX and CSV), the audit trail's and the breach register's.

An XLSX sheet is XML, and XML 1.0 cannot hold control characters (tab, newline and CR
aside), a lone surrogate half, or the noncharacters U+FFFE and U+FFFF: one such character in
a single value made the whole export fail. Forms refuse them (`register.characters`), but an
export must also write what was stored before, and the audit trail keeps every value it was
ever given. So each text cell passes through `cell_text`, which puts a space where such a
character stood. CSV files get the same text, so both formats of one export agree.
"""

from __future__ import annotations

import re

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def cell_text(value: str) -> str:
    """`value` with a space for every character an XML document cannot hold."""
    return _NOT_IN_XML.sub(" ", value)
