"""When a data-subject request must be answered: the one place that computes it.

The privacy statement promises an answer within four weeks of receipt; the GDPR allows one
month (art. 12(3)). The stricter of the two is the deadline. A period "of one month" ends on
the day of the next month with the same number as the day of receipt, or on that month's
last day when it has no such day (Regulation 1182/71, art. 3(2)(c)): received 31 January,
due 28 February (29 in a leap year). The controller may extend by at most two further
months when the request is complex or one of many, provided the requester is told within
the first month; the extended period is counted from receipt as a whole (one plus the
extension in months).
"""

from __future__ import annotations

import calendar
import datetime as dt

PROMISED_PERIOD = dt.timedelta(weeks=4)
LEGAL_MONTHS = 1
MAX_EXTENSION_MONTHS = 2


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day number `months` later, or the last day of that month if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def legal_deadline(received: dt.date) -> dt.date:
    """One month after receipt (art. 12(3) GDPR)."""
    return add_months(received, LEGAL_MONTHS)


def promised_deadline(received: dt.date) -> dt.date:
    """Four weeks after receipt, as the privacy statement promises."""
    return received + PROMISED_PERIOD


def answer_deadline(received: dt.date) -> dt.date:
    """The stricter of the statement's four weeks and the law's month."""
    return min(promised_deadline(received), legal_deadline(received))


def extended_deadline(received: dt.date, months: int) -> dt.date:
    """The deadline after an extension by `months` (1 or 2) further months."""
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is 1 to {MAX_EXTENSION_MONTHS} months, not {months}")
    return add_months(received, LEGAL_MONTHS + months)


def due_date(received: dt.date, extension_months: int = 0) -> dt.date:
    """The deadline that applies: extended if an extension was given, else the answer term."""
    if extension_months:
        return extended_deadline(received, extension_months)
    return answer_deadline(received)


def days_left(due: dt.date, today: dt.date) -> int:
    """Days until `due` (0 on the day itself, negative once overdue)."""
    return (due - today).days
