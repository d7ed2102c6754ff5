"""Arbitrary input to the term form: never a 500, never a partial write."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from register.auth.models import UserRole
from register.extensions import db
from register.vocabularies.labels import VOCABULARIES
from register.vocabularies.models import Term

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=250)
# "9" * 400: WTForms' NumberRange overflowed on a number of ~310 digits or more (a 500).
NUMBERS = ["", "Nieuwsbrief", "y", "1", "-5", "99999999999", "9" * 400]
FIELDS = [
    "label",
    "description",
    "reference",
    "group",
    "is_special_category",
    "is_criminal_data",
    "is_national_identifier",
    "sort_order",
    "version",
]


def _rows(app) -> list[tuple]:
    with app.app_context():
        return sorted(tuple(r) for r in db.session.execute(sa.select(Term.__table__)).all())


@pytest.fixture
def admin(make_user, auth):
    """An administrator, signed in once for all examples."""
    user = make_user(UserRole.ADMIN)
    auth.login_as(user)
    return user


@given(
    slug=st.sampled_from([slug for slug, _name, _help in VOCABULARIES.values()]),
    form=st.dictionaries(
        st.sampled_from(FIELDS),
        st.one_of(
            TEXT, st.sampled_from(["", "Nieuwsbrief", "y", "1", "-5", "99999999999", "9" * 400])
        ),
    ),
)
def test_term_forms_never_fail_or_half_write(app, client, admin, slug, form):
    before = _rows(app)
    response = client.post(f"/lijsten/{slug}/nieuw", data=form)
    assert response.status_code in (200, 302)
    after = _rows(app)
    assert after == before if response.status_code == 200 else len(after) == len(before) + 1
    if after:
        term_id = after[0][0]
        before = _rows(app)
        response = client.post(f"/lijsten/termen/{term_id}/bewerken", data=form)
        assert response.status_code in (200, 302, 409)
        if response.status_code != 302:
            assert _rows(app) == before
