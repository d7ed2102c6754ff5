"""Requests from data subjects (GDPR art. 12-22): intake, handling, forwarding and closing.

The way through the package:

- `deadlines.py` computes when a request must be answered (four weeks or one month,
  whichever comes first; an extension by up to two further months). Nothing else does.
- `models.py` holds `SubjectRequest` with its state verbs (verify, extend, forward, close).
- `services.py` is the one way to write a request: staff intake, the public form, and every
  step after; each step flushes and raises a `RequestError` (`errors.py`) in Dutch.
- E-mail (the confirmation to the requester, the forward to the school) goes through
  `register.mail.services.send_mail`, queued after the commit.
- `views.py` (staff screens) and `public_views.py` (the form linked from the privacy
  statement, with its rate limit, size limit and spam checks in `spam.py`).
- `letter.py` renders the Dutch answer letter as PDF from the register's data.
"""

from flask import Blueprint

bp = Blueprint("subject_requests", __name__, url_prefix="/verzoeken")
