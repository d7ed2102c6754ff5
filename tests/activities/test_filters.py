"""The overview's filter: one parser, and its SQL and record interpreters agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from register.activities.completeness import mandatory_missing
from register.activities.facts import load_facts
from register.activities.filters import ActivityFilter, record_matcher
from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivityStatus,
    Role,
)
from register.activities.queries import activity_list
from register.activities.record import activity_record, record_loaders
from register.calendar import today
from register.extensions import db
from register.vocabularies.models import Vocabulary

# A small alphabet (with an accent and both cases) keeps PostgreSQL's and Python's lower()
# on the same ground.
TEXT = st.text(alphabet="abAB é", max_size=6)

activity_specs = st.lists(
    st.fixed_dictionaries(
        {
            "name": TEXT.map(lambda s: s or "x"),
            "description": TEXT,
            "role": st.sampled_from(list(Role)),
            "status": st.sampled_from(list(ActivityStatus)),
            "product": st.sampled_from([None, 0, 1]),
            "review": st.one_of(st.none(), st.integers(-1, 1)),
            "categories": st.sets(st.sampled_from([0, 1])),
            "bases": st.lists(st.sampled_from([None, 0, 1]), max_size=2),
        }
    ),
    min_size=1,
    max_size=6,
)


def _argument(choices: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(choices), st.text(max_size=4))


@pytest.fixture
def register(app, make_term, make_product) -> dict[str, list[Any]]:
    """Two products, data categories, legal bases and one purpose to build activities from."""
    return {
        "products": [make_product(), make_product()],
        "categories": [
            make_term(Vocabulary.DATA_CATEGORY, "Naam"),
            make_term(Vocabulary.DATA_CATEGORY, "Adres"),
        ],
        "bases": [
            make_term(Vocabulary.LEGAL_BASIS, "Overeenkomst"),
            make_term(Vocabulary.LEGAL_BASIS, "Wettelijke plicht"),
        ],
        "purpose": [make_term(Vocabulary.PURPOSE, "Onderwijs")],
    }


def _rebuild(session: Any, register: dict[str, list[Any]], specs: list[dict[str, Any]]) -> None:
    """Replace every activity by the generated ones, with their completeness counted."""
    for activity in session.scalars(sa.select(Activity)):
        session.delete(activity)
    session.flush()
    on = today()
    for spec in specs:
        if spec["role"] is Role.PROCESSOR and spec["product"] is None:
            spec = {**spec, "product": 0}  # a processor activity belongs to a product
        activity = Activity(
            name=spec["name"],
            description=spec["description"],
            role=spec["role"],
            status=spec["status"],
            product_id=None
            if spec["product"] is None
            else register["products"][spec["product"]].id,
            review_date=None if spec["review"] is None else on + dt.timedelta(days=spec["review"]),
        )
        activity.data_categories = [
            ActivityDataCategory(term_id=register["categories"][i].id) for i in spec["categories"]
        ]
        activity.purposes = [
            ActivityPurpose(
                purpose_id=register["purpose"][0].id,
                legal_basis_id=None if i is None else register["bases"][i].id,
            )
            for i in spec["bases"]
        ]
        session.add(activity)
    session.flush()
    facts = load_facts(session, on)
    for activity in session.scalars(sa.select(Activity).options(*record_loaders())).unique():
        activity.missing_count = len(mandatory_missing(activity_record(activity), facts))
    session.commit()


def _arguments(specs: list[dict[str, Any]], ids: list[str]) -> st.SearchStrategy[dict[str, str]]:
    """Query strings: good values, values that do not parse, and texts from the register."""
    texts = [spec[key] for spec in specs for key in ("name", "description")] or ["a"]
    pieces = st.builds(
        lambda text, start, case: getattr(text[start:], case)(),
        st.sampled_from(texts),
        st.integers(0, 3),
        st.sampled_from(["lower", "upper", "swapcase"]),
    )
    any_id = st.one_of(
        st.sampled_from(ids), st.sampled_from(["0", "2147483648", "00001"]), st.text(max_size=3)
    )
    flags = st.sampled_from(["1", "0", "", "ja"])
    values = {
        "q": st.one_of(pieces, TEXT, st.text(max_size=3)),
        "rol": _argument([role.value for role in Role]),
        "status": _argument([*(status.value for status in ActivityStatus), "alle"]),
        "product": any_id,
        "gegeven": any_id,
        "grondslag": any_id,
        "verlopen": flags,
        "onvolledig": flags,
    }
    # A few parameters at a time, so that each one often decides what is selected.
    names = st.sets(st.sampled_from(sorted(values)), min_size=1, max_size=3)
    return names.flatmap(lambda keys: st.fixed_dictionaries({k: values[k] for k in keys}))


@settings(max_examples=150)
@given(specs=activity_specs, data=st.data())
def test_sql_and_records_select_the_same_activities(app, register, specs, data):
    ids = [str(item.id) for items in register.values() for item in items]
    args = data.draw(_arguments(specs, ids))
    with app.app_context():
        session = db.session
        _rebuild(session, register, specs)
        f = ActivityFilter.from_args(args)
        by_sql = set(session.scalars(activity_list(f)).unique().all())
        matcher = record_matcher(session, f, today())
        activities = session.scalars(sa.select(Activity).options(*record_loaders())).unique()
        by_records = {a for a in activities if matcher.matches(activity_record(a))}
        assert {a.id for a in by_sql} == {a.id for a in by_records}, (args, f)


@pytest.mark.parametrize(
    ("args", "expected", "errors"),
    [
        ({}, ActivityFilter(), 0),
        (
            {"q": " \x00mail ", "rol": "processor", "status": "alle", "product": "7"},
            ActivityFilter(q="mail", role=Role.PROCESSOR, all_statuses=True, product_id=7),
            0,
        ),
        ({"gegeven": "12345678901"}, ActivityFilter(), 1),  # more than ten digits
        ({"grondslag": "2147483648"}, ActivityFilter(), 1),  # beyond a 32-bit id
        ({"product": "²"}, ActivityFilter(), 1),  # a digit, but not an ASCII one
        ({"rol": "baas", "status": "weg", "sort": "x"}, ActivityFilter(), 3),
        ({"verlopen": "ja", "onvolledig": "1", "sort": "-review"}, None, 0),
    ],
)
def test_the_parser_keeps_good_values_and_names_bad_ones(app, args, expected, errors):
    with app.test_request_context():
        f = ActivityFilter.from_args(args)
    assert len(f.errors) == errors
    if expected is not None:
        assert f == ActivityFilter(**{**vars(expected), "errors": f.errors})
    else:
        assert (f.overdue, f.incomplete, f.sort) == (False, True, "-review")


def test_parameters_round_trip(app):
    args = {"q": "post", "rol": "controller", "status": "retired", "gegeven": "3", "verlopen": "1"}
    with app.test_request_context():
        f = ActivityFilter.from_args(args)
        assert f.as_params() == args
        assert ActivityFilter.from_args(f.as_params()) == f
        assert ActivityFilter().is_empty() and not f.is_empty()
