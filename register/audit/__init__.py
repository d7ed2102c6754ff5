"""The audit trail: recording, the hash chain, browsing, exporting and checking it.

The way through:

- Recording: `recorder.py` listens to every session flush of models that declare
  `__audit__` and takes named events (`record_event`: sign-ins, downloads, exports);
  `context.py` says who acts; `chain.py` appends the rows to the hash chain. Columns a
  model lists in `__audit_redact__` (personal data of requesters, mail recipients) are kept
  only as a keyed hash (`redaction.py`), so deleting the record leaves nothing of the person.
- Reading: `views.py` serves the overview (`queries.py`: filters and keyset pagination,
  `forms.py`: the filter form) and one entry. The stored codes are shown by their labels
  (`labels.py`: actions, kinds of record, enum values) and the people and objects by name
  (`references.py`: batched, a fixed number of queries per page).
- Exporting: `export.py` writes the filtered trail as CSV or XLSX with every hash.
- Checking: `verify.py` walks the chain; `flask audit verify` (`commands.py`) runs it on the
  command line and `checks.py` as a job from the browser.
"""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
