"""Arbitrary input to the product and licence forms: never a 500, never a partial write."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product
from tests.products.conftest import product_form

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=250)
DATES = st.one_of(TEXT, st.dates().map(str), st.sampled_from(["", "2024-08-01", "2025-07-31"]))


def _rows(app, model) -> list[tuple]:
    with app.app_context():
        return sorted(tuple(r) for r in db.session.execute(sa.select(model.__table__)).all())


@given(
    changes=st.dictionaries(
        st.sampled_from([*product_form(), "version"]),
        st.one_of(TEXT, st.lists(TEXT, max_size=3), st.sampled_from(["SVA", "own_service", "y"])),
    )
)
def test_product_form_never_fails_or_half_writes(app, client, staff, changes):
    before = _rows(app, Product)
    response = client.post("/producten/nieuw", data=product_form(**changes))
    assert response.status_code in (200, 302)
    after = _rows(app, Product)
    assert after == before if response.status_code == 200 else len(after) == len(before) + 1


@given(
    organisation=st.one_of(TEXT, st.sampled_from(["school", "other", "0"])),
    start=DATES,
    end=DATES,
    reference=TEXT,
    version=TEXT,
)
def test_licence_form_never_fails_or_half_writes(
    app,
    client,
    staff,
    make_organisation,
    make_product,
    organisation,
    start,
    end,
    reference,
    version,
):
    with app.app_context():
        product = db.session.scalars(sa.select(Product)).first()
    if product is None:
        product = make_product()
        make_organisation()
        make_organisation(OrganisationKind.RECIPIENT)
    with app.app_context():
        school_id = db.session.scalar(
            sa.select(Organisation.id).where(Organisation.kind == OrganisationKind.SCHOOL)
        )
        other_id = db.session.scalar(
            sa.select(Organisation.id).where(Organisation.kind == OrganisationKind.RECIPIENT)
        )
    value = {"school": str(school_id), "other": str(other_id)}.get(organisation, organisation)
    before = _rows(app, Licence)
    data = {"organisation_id": value, "start_date": start, "end_date": end, "reference": reference}
    response = client.post(f"/producten/{product.id}/licenties/nieuw", data=data)
    assert response.status_code in (200, 302)
    after = _rows(app, Licence)
    if response.status_code == 200:
        assert after == before
    else:
        assert len(after) == len(before) + 1
    if after:
        licence_id = after[-1][0]
        edit = {**data, "version": version}
        response = client.post(f"/producten/licenties/{licence_id}/bewerken", data=edit)
        assert response.status_code in (200, 302, 409)
        end_form = {"end_date": end, "version": version}
        response = client.post(f"/producten/licenties/{licence_id}/beeindigen", data=end_form)
        assert response.status_code in (200, 302, 409)
