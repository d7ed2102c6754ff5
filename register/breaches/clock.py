"""The clocks a breach starts when the company becomes aware of it."""

from __future__ import annotations

import datetime as dt

# Art. 33(1) GDPR: the supervisory authority within 72 hours of becoming aware.
AUTHORITY_HOURS = 72
# The processor agreement (art. 10(1) of the model agreement): each school within 24 hours.
# The agreement texts in agreements/ say the same number; a test checks they agree.
SCHOOL_NOTICE_HOURS = 24


def authority_deadline(aware_at: dt.datetime) -> dt.datetime:
    """The moment by which the authority must have been notified."""
    return aware_at + dt.timedelta(hours=AUTHORITY_HOURS)


def school_notice_deadline(aware_at: dt.datetime) -> dt.datetime:
    """The moment by which every school concerned must have been told."""
    return aware_at + dt.timedelta(hours=SCHOOL_NOTICE_HOURS)


def hours_left(deadline: dt.datetime, now: dt.datetime) -> float:
    """Hours until `deadline` (negative once passed)."""
    return (deadline - now).total_seconds() / 3600
