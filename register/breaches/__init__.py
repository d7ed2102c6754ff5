"""The register of personal data breaches (GDPR art. 33-34), kept as processor and controller.

The way through the package:

- `models.py`: `Breach` (times, facts, effects, measures, the decision to notify and its
  reasoning, the notification's reference) and `BreachNotice` (one per school told, who was
  told when).
- `clock.py`: the 72-hour clock for the authority and the term the agreement sets for
  telling the schools (the same number the agreement text renders).
- `services.py`: the one way to write a breach; `affected_schools` derives the schools a
  breach touches from the licences of its products during the breach period, and
  `notify_schools` tells each of them once; its refusals are `errors.py` (`BreachError`, and
  `BreachClosed` for a change to a closed breach).
- `views.py` (staff), `school_views.py` (a school's own breaches; any other is 404),
  `export.py` (the register as XLSX and PDF for the authority).
"""

from flask import Blueprint

bp = Blueprint("breaches", __name__, url_prefix="/datalekken")
