"""Exports and imports of the register: the register as files and back.

- ``views`` (the exchange page) and ``cli`` (``flask export``, ``flask import``) are the edges;
  ``forms`` reads their input.
- ``exporting/``: the register as XLSX, CSV, JSON or PDF (see its docstring).
- ``importing/``: a workbook back into the register, all or nothing (see its docstring).
- Shared by both: ``columns`` (the versioned file format: sheets, headers, Dutch enum
  words, derived from the activity field catalogue), ``cells`` (values to safe cells and
  back), ``dates`` (the "as of" day), ``filters`` (the overview's filter on records) and
  ``errors``.
"""

from flask import Blueprint

bp = Blueprint("exchange", __name__, url_prefix="/uitwisseling")
