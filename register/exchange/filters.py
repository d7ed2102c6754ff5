"""The exports' use of the overview's filter (`register.activities.filters`).

The exports read the same query parameters with the same parser and match them against
records, so the register now and the register on a past date are filtered by one definition.
One rule is the exports' own: an export without any filter is the whole register, retired
activities included (the overview leaves them out until asked).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session

from register.activities.completeness import RegisterFacts
from register.activities.filters import PARAMETERS as FILTER_PARAMETERS
from register.activities.filters import ActivityFilter, RecordMatcher, record_matcher

__all__ = ["FILTER_PARAMETERS", "ActivityFilter", "RecordMatcher", "resolve"]


def resolve(
    session: Session,
    activity_filter: ActivityFilter,
    reference_date: dt.date,
    facts: RegisterFacts | None = None,
) -> RecordMatcher:
    """The matcher for an export's records: the whole register when no filter is set."""
    if activity_filter.is_empty():
        activity_filter = dataclasses.replace(activity_filter, all_statuses=True)
    return record_matcher(session, activity_filter, reference_date, facts)
