"""Hypothesis: arbitrary form posts and query strings never give a 500 or a partial write."""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from register.activities.services import create_activity
from register.auth.models import UserRole
from register.extensions import db
from tests.activities.conftest import table_counts

FIELDS = [
    "name",
    "description",
    "role",
    "product_id",
    "department",
    "owner",
    "joint_controller",
    "processing_categories",
    "storage_location",
    "data_source",
    "automated_decision_making",
    "automated_decision_logic",
    "security_description",
    "rights_available",
    "dpia_required",
    "dpia_status",
    "dpia_link",
    "review_date",
    "data_subject_ids",
    "recipient_category_ids",
    "recipient_ids",
    "security_measure_ids",
    "version",
    "activeren",
    "purposes-0-purpose_id",
    "purposes-0-legal_basis_id",
    "purposes-0-special_condition_id",
    "purposes-0-lia_link",
    "purposes-7-legitimate_interest",
    "data_categories-0-term_id",
    "data_categories-0-data_subject_id",
    "data_categories-0-is_required",
    "subprocessors-0-organisation_id",
    "subprocessors-0-service",
    "subprocessors-0-location",
    "transfers-0-country",
    "transfers-0-mechanism_id",
    "transfers-0-safeguards",
    "retention_rules-0-period",
    "retention_rules-0-data_category_id",
    "retention_rules-99999999999999999999-period",
    "purposes-x-purpose_id",
]

values = st.one_of(
    st.text(max_size=50),
    st.text(min_size=1, max_size=3).map(lambda s: s * 20_000),  # huge strings
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "",
            "controller",
            "processor",
            "not_needed",
            "completed",
            "y",
            "2030-01-01",
            "https://example.org",
            "1",
            "0",
            "-1",
            "\x00",
            "é" * 300,
        ]
    ),
)
form_posts = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=20)),
    st.one_of(values, st.lists(values, max_size=4)),
    max_size=30,
)


def as_multidict(data: dict) -> MultiDict:
    multi = MultiDict()
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            multi.add(key, item)
    return multi


@pytest.fixture
def staff(client, auth, make_user, vocab, own_organisation):
    auth.login_as(make_user(UserRole.PRIVACY))
    return client


def _check(app, response, before, *, created_on_success: int):
    assert response.status_code in (200, 302, 409), response.status_code
    event(f"status {response.status_code}")
    with app.app_context():
        after = table_counts()
    if response.status_code == 302:
        assert after["activity"] == before["activity"] + created_on_success
        assert after["activity_version"] == before["activity_version"] + 1
    else:
        assert after == before


@given(data=form_posts)
def test_posting_anything_to_create(app, staff, data):
    with app.app_context():
        before = table_counts()
    response = staff.post("/verwerkingen/nieuw", data=as_multidict(data))
    _check(app, response, before, created_on_success=1)


@given(data=form_posts, base=st.one_of(st.none(), st.just("current")))
def test_posting_anything_to_edit(app, staff, complete_command, data, base):
    with app.app_context():
        activity = create_activity(db.session, complete_command())
        db.session.commit()
        activity_id, version = activity.id, activity.version
        before = table_counts()
    if base == "current":
        data["version"] = str(version)
    response = staff.post(f"/verwerkingen/{activity_id}/bewerken", data=as_multidict(data))
    _check(app, response, before, created_on_success=0)


query_keys = st.sampled_from(
    [
        "q",
        "rol",
        "status",
        "product",
        "gegeven",
        "grondslag",
        "verlopen",
        "onvolledig",
        "sort",
        "page",
    ]
)


@given(query=st.lists(st.tuples(st.one_of(query_keys, st.text(max_size=10)), values), max_size=12))
def test_any_query_string_on_the_overview(staff, query):
    response = staff.get("/verwerkingen/", query_string=MultiDict(query))
    assert response.status_code == 200


@given(
    changes=st.dictionaries(
        st.sampled_from(FIELDS), st.one_of(values, st.lists(values, max_size=3)), max_size=4
    )
)
def test_a_valid_form_with_a_few_odd_values(app, staff, form_data, changes):
    data = form_data()
    for key, value in changes.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    with app.app_context():
        before = table_counts()
    response = staff.post("/verwerkingen/nieuw", data=data)
    _check(app, response, before, created_on_success=1)
