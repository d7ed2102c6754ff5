"""Deadline arithmetic: month ends, leap years, the four-week promise, the extension."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.subject_requests import deadlines

D = dt.date


@pytest.mark.parametrize(
    ("received", "months", "expected"),
    [
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # February has no 31st: its last day
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 1, 29), 1, D(2026, 2, 28)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 12, 31), 1, D(2027, 1, 31)),  # over the year end
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 2, 28), 1, D(2026, 3, 28)),  # not "the last day" again: same day number
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month(received, months, expected):
    assert deadlines.add_months(received, months) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Four weeks is stricter than the month when the month is longer than 28 days.
        (D(2026, 3, 10), D(2026, 4, 7)),
        (D(2026, 1, 15), D(2026, 2, 12)),
        # A February receipt in a common year: month and four weeks coincide.
        (D(2026, 2, 1), D(2026, 3, 1)),
        # 31 January: the month ends 28 February, the same day as four weeks.
        (D(2026, 1, 31), D(2026, 2, 28)),
        # Leap year: the month would end 29 February, four weeks end on the 28th.
        (D(2028, 1, 31), D(2028, 2, 28)),
    ],
)
def test_answer_deadline_is_the_stricter_of_four_weeks_and_one_month(received, expected):
    assert deadlines.answer_deadline(received) == expected


def test_the_promise_and_the_law_separately():
    received = D(2026, 1, 30)
    assert deadlines.promised_deadline(received) == D(2026, 2, 27)
    assert deadlines.legal_deadline(received) == D(2026, 2, 28)
    assert deadlines.answer_deadline(received) == D(2026, 2, 27)


@pytest.mark.parametrize(
    ("received", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 3, 31)),
        (D(2026, 1, 31), 2, D(2026, 4, 30)),  # three months from receipt in all
        (D(2026, 11, 30), 2, D(2027, 2, 28)),
        (D(2027, 11, 30), 2, D(2028, 2, 29)),
    ],
)
def test_extension_counts_one_month_plus_the_extension_from_receipt(received, months, expected):
    assert deadlines.extended_deadline(received, months) == expected
    assert deadlines.due_date(received, months) == expected


@pytest.mark.parametrize("months", [0, 3, -1])
def test_an_extension_is_one_or_two_months(months):
    with pytest.raises(ValueError):
        deadlines.extended_deadline(D(2026, 1, 1), months)


def test_due_date_without_extension_is_the_answer_deadline():
    assert deadlines.due_date(D(2026, 3, 10)) == D(2026, 4, 7)


def test_days_left():
    assert deadlines.days_left(D(2026, 3, 10), D(2026, 3, 10)) == 0
    assert deadlines.days_left(D(2026, 3, 10), D(2026, 3, 12)) == -2


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)))
def test_never_later_than_the_law_nor_than_four_weeks(received):
    due = deadlines.answer_deadline(received)
    assert due <= deadlines.legal_deadline(received)
    assert due <= received + dt.timedelta(days=28)
    assert due > received
    assert deadlines.extended_deadline(received, 2) > deadlines.extended_deadline(received, 1) > due
