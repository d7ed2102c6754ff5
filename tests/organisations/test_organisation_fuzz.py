"""Arbitrary input to the organisation forms: never a 500, never a partial write."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from register.extensions import db
from register.organisations.models import Organisation
from register.organisations.validators import BRIN, KVK
from tests.organisations.conftest import school_form

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=250)
FIELDS = list(school_form()) + ["version"]
VALUES = st.one_of(
    TEXT,
    st.sampled_from(["", "12AB", "12ab", "own", "school", "1234 AB", "41089876", "https://x.nl"]),
)
FORMS = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=len(FIELDS)).map(
    lambda changes: school_form(**changes)
)


def _snapshot(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(sa.select(Organisation.__table__)).all()
        return sorted(tuple(row) for row in rows)


@given(form=FORMS, query=TEXT)
def test_create_never_fails_or_half_writes(app, client, staff, form, query):
    before = _snapshot(app)
    response = client.post("/organisaties/nieuw", data=form)
    assert response.status_code in (200, 302)
    after = _snapshot(app)
    if response.status_code == 200:
        assert after == before
    else:
        assert len(after) == len(before) + 1
        with app.app_context():
            newest = db.session.scalars(
                sa.select(Organisation).order_by(Organisation.id.desc()).limit(1)
            ).one()
            assert newest.brin is None or BRIN.fullmatch(newest.brin)
            assert newest.kvk is None or KVK.fullmatch(newest.kvk)
    assert client.get("/organisaties/", query_string={"q": query, "sort": query}).status_code == 200


@given(form=FORMS)
def test_edit_never_fails_or_half_writes(app, client, staff, make_organisation, form):
    with app.app_context():
        target = db.session.scalars(
            sa.select(Organisation).where(Organisation.name == "Doelwit")
        ).first()
    if target is None:
        target = make_organisation(name="Doelwit", brin="99ZZ")
    before = _snapshot(app)
    response = client.post(f"/organisaties/{target.id}/bewerken", data=form)
    assert response.status_code in (200, 302, 409)
    if response.status_code != 302:
        assert _snapshot(app) == before
