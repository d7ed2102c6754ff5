"""Drift: signed agreements are flagged when the register data in their snapshot changes."""

from __future__ import annotations

import contextlib
import copy
import io
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from register.activities.catalogue import DOCUMENT_PATHS, empty_record, field
from register.activities.models import Activity, ActivitySubprocessor, RetentionRule
from register.agreements.documents.snapshot import fragment_hash
from register.agreements.documents.storage import (
    AgreementDrift,
    AgreementFragment,
    AgreementSnapshot,
)
from register.agreements.drift import refresh_drift
from register.agreements.models import Agreement
from register.agreements.services import create_agreement
from register.agreements.states import AgreementState
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from tests.agreements.conftest import load


@contextlib.contextmanager
def count_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)


def _change_register(reg) -> None:
    activity = db.session.get(Activity, reg.activity_id)
    newcomer = Organisation(kind=OrganisationKind.SUBPROCESSOR, name="Nieuwe Wolk B.V.")
    db.session.add(newcomer)
    db.session.flush()
    activity.subprocessors.append(
        ActivitySubprocessor(organisation_id=newcomer.id, service="Back-up", location="Ierland")
    )
    rule = db.session.scalars(sa.select(RetentionRule)).one()
    rule.period = "6 maanden na einde licentie"
    db.session.commit()


def test_register_changes_flag_signed_agreements_until_reverted(
    app, client, auth, build, people, reg, runner
):
    signed_id = build("signed")
    in_review_id = build("in_review")
    with app.app_context():
        assert refresh_drift(db.session).flagged == 0
        db.session.commit()
        _change_register(reg)
        # The commit that changed the register already flagged the signed agreement.
        drift = db.session.get(AgreementDrift, signed_id)
        assert drift is not None
        result = refresh_drift(db.session)
        db.session.commit()
        assert (result.flagged, result.added) == (1, 0)
        assert drift is not None and db.session.get(AgreementDrift, in_review_id) is None
        by_field = {c["field"]: c for c in drift.changes}
        assert by_field["Subverwerkers"]["added"] == ["Nieuwe Wolk B.V. · Back-up · Ierland"]
        assert by_field["Subverwerkers"]["product"] == "DOENIN"
        retention = by_field["Bewaartermijnen"]
        assert any("6 maanden" in item for item in retention["added"])
        assert any("12 maanden" in item for item in retention["removed"])
        number = load(signed_id).number

    auth.login_as(people["privacy"])
    page = client.get("/overeenkomsten/drift").text
    assert "Stichting Voorbeeldscholen" in page and number in page
    assert "Nieuwe Wolk B.V." in page and "DOENIN" in page
    assert "Registergegevens gewijzigd" in client.get("/overeenkomsten/?drift=1").text
    detail = client.get(f"/overeenkomsten/{signed_id}").text
    assert "De registergegevens zijn gewijzigd" in detail

    with app.app_context():
        activity = db.session.get(Activity, reg.activity_id)
        activity.subprocessors.pop()
        db.session.scalars(sa.select(RetentionRule)).one().period = "12 maanden na einde licentie"
        db.session.commit()
        # Reverting the register in that commit already cleared the flag.
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgreementDrift)) == 0
    outcome = runner.invoke(args=["agreements", "drift"])
    assert outcome.exit_code == 0, outcome.output
    assert "0 ondertekende overeenkomst(en)" in outcome.output and "0 niet meer" in outcome.output


def test_refresh_runs_a_fixed_number_of_queries(app, build, reg):
    signed_id = build("signed")
    with app.app_context():
        _change_register(reg)

        def clone(times: int) -> None:
            source = load(signed_id)
            snapshot = db.session.scalars(
                sa.select(AgreementSnapshot).where(AgreementSnapshot.agreement_id == signed_id)
            ).one()
            fragment = db.session.scalars(sa.select(AgreementFragment)).first()
            for _ in range(times):
                copy = create_agreement(db.session, reg.command())
                db.session.flush()
                db.session.execute(
                    sa.update(Agreement.__table__)
                    .where(Agreement.__table__.c.id == copy.id)
                    .values(state=AgreementState.SIGNED.value, sent_count=1)
                )
                db.session.add(
                    AgreementSnapshot(
                        agreement_id=copy.id, sequence=1, sha256=snapshot.sha256, data=snapshot.data
                    )
                )
                db.session.add(
                    AgreementFragment(
                        agreement_id=copy.id,
                        product_code=fragment.product_code,
                        sha256=fragment.sha256,
                    )
                )
            db.session.commit()
            assert source.state is AgreementState.SIGNED

        db.session.execute(sa.delete(AgreementDrift))  # measure both runs from no flags
        db.session.commit()
        with count_queries() as few:
            refresh_drift(db.session)
        db.session.commit()
        clone(15)
        db.session.execute(sa.delete(AgreementDrift))
        db.session.commit()
        with count_queries() as many:
            result = refresh_drift(db.session)
        db.session.commit()
        assert result.flagged == 16
        assert len(many) == len(few)


def test_leaflet_fields_of_a_product_appear_in_the_leaflet_and_flag_drift_when_changed(
    app, build, reg
):
    from pypdf import PdfReader

    from register.agreements.documents.reading import leaflet_with_content
    from register.products.models import Product

    with app.app_context():
        product = db.session.get(Product, reg.product_id)
        product.access = "Leraar: voortgang van de eigen groepen\nSchoolbeheerder"
        product.certifications = "ISO/IEC 27001:2022 (hostingpartij)"
        db.session.commit()
    signed_id = build("signed")
    with app.app_context():
        leaflet = leaflet_with_content(db.session, load(signed_id), 0)
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(leaflet.content)).pages)
        text = " ".join(text.split())
        assert "voortgang van de eigen groepen" in text and "Schoolbeheerder" in text
        assert "ISO/IEC 27001:2022" in text  # (the rest may be hyphenated)
        assert db.session.get(AgreementDrift, signed_id) is None
        # A new certification is a change the school must hear of.
        product = db.session.get(Product, reg.product_id)
        product.certifications += "\nNEN 7510"
        db.session.commit()
        drift = db.session.get(AgreementDrift, signed_id)
        assert drift is not None and "NEN 7510" in str(drift.changes)


def test_agreements_frozen_before_the_leaflet_fields_do_not_drift(app, build):
    signed_id = build("signed")
    with app.app_context():
        # An old snapshot: its product fragment has no access or certifications keys.
        fragment = db.session.scalars(
            sa.select(AgreementSnapshot).where(AgreementSnapshot.agreement_id == signed_id)
        ).one()
        data = dict(fragment.data)
        data["products"] = [
            {k: v for k, v in p.items() if k not in ("access", "certifications")}
            for p in data["products"]
        ]
        stored = db.session.scalars(
            sa.select(AgreementFragment).where(AgreementFragment.agreement_id == signed_id)
        ).one()
        from register.agreements.documents.snapshot import fragment_hash

        assert fragment_hash(data["products"][0]) == stored.sha256
        assert refresh_drift(db.session).flagged == 0


@pytest.mark.parametrize("until", ["in_review", "awaiting"])
def test_the_staff_page_shows_drift_of_an_agreement_still_with_the_school(
    app, client, auth, build, people, reg, until
):
    agreement_id = build(until)
    auth.login_as(people["privacy"])
    unchanged = client.get(f"/overeenkomsten/{agreement_id}").text
    assert "zijn gewijzigd sinds" not in unchanged
    with app.app_context():
        _change_register(reg)

    page = client.get(f"/overeenkomsten/{agreement_id}").text
    assert "De registergegevens zijn gewijzigd sinds deze overeenkomst naar de school" in page
    assert "Nieuwe Wolk B.V." in page  # what changed, named
    assert "6 maanden na einde licentie" in page


def test_the_staff_page_shows_no_pending_drift_for_a_draft(app, client, auth, build, people, reg):
    agreement_id = build("draft")
    with app.app_context():
        _change_register(reg)
    auth.login_as(people["privacy"])
    assert "zijn gewijzigd sinds" not in client.get(f"/overeenkomsten/{agreement_id}").text


def test_each_item_the_annexes_describe_is_shared_and_compared_for_drift():
    """The catalogue's `in_documents` items are what drift compares: a change to any one of
    them in a product's activity changes the fragment's hash; a shared item the annexes do
    not describe (the activity's name) does not."""
    fragment = {"activities": [empty_record()], "security_measures": []}
    before = fragment_hash(fragment)
    assert DOCUMENT_PATHS, "the catalogue marks no item as described in the annexes"
    for path in DOCUMENT_PATHS:
        assert not field(path).internal, path
        changed = copy.deepcopy(fragment)
        if path == "security_measures":  # compared with their descriptions, per fragment
            changed["security_measures"] = [{"name": "Versleuteling", "description": "AES"}]
        else:
            empty = changed["activities"][0][path]
            changed["activities"][0][path] = [{"name": "x"}] if isinstance(empty, list) else "x"
        assert fragment_hash(changed) != before, path
    renamed = copy.deepcopy(fragment)
    renamed["activities"][0]["name"] = "Een andere naam"
    assert fragment_hash(renamed) == before
