"""HTTP tests of the vocabulary screens: readers see, admins add, edit and deactivate."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from register.auth.models import UserRole
from register.extensions import db
from register.vocabularies.models import Term, Vocabulary


def _term(app, term_id):
    with app.app_context():
        return db.session.get(Term, term_id)


def test_index_and_terms_are_readable_by_auditors(client, auth, make_user, make_term):
    make_term(Vocabulary.DATA_CATEGORY, "Geboortedatum")
    auth.login_as(make_user(UserRole.AUDITOR))
    index = client.get("/lijsten/").get_data(as_text=True)
    assert "Categorieën persoonsgegevens" in index
    text = client.get("/lijsten/persoonsgegevens").get_data(as_text=True)
    assert "Geboortedatum" in text and "Term toevoegen" not in text
    assert client.get("/lijsten/bestaat-niet").status_code == 404


def test_admin_adds_a_term_with_a_derived_code(app, client, auth, make_user):
    auth.login_as(make_user(UserRole.ADMIN))
    response = client.post(
        "/lijsten/persoonsgegevens/nieuw",
        data={"label": "Foto's van leerlingen", "is_special_category": "y", "sort_order": "5"},
    )
    assert response.status_code == 302
    with app.app_context():
        term = db.session.scalars(sa.select(Term)).one()
    assert term.vocabulary is Vocabulary.DATA_CATEGORY
    assert (term.code, term.is_special_category, term.sort_order) == (
        "foto_s_van_leerlingen",
        True,
        5,
    )


def test_duplicate_label_gets_a_kind_message_and_keeps_input(
    app, client, auth, make_user, make_term
):
    make_term(Vocabulary.PURPOSE, "Nieuwsbrief versturen")
    auth.login_as(make_user(UserRole.ADMIN))
    response = client.post(
        "/lijsten/doelen/nieuw",
        data={"label": "nieuwsbrief VERSTUREN", "description": "mijn tekst"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Deze lijst bevat al een term ‘Nieuwsbrief versturen’" in text
    assert "mijn tekst" in text and 'value="nieuwsbrief VERSTUREN"' in text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Term.id))) == 1


@pytest.mark.parametrize("order", ["-1", "100001", "9" * 400])
def test_an_order_out_of_range_gets_its_message_and_keeps_input(
    app, client, auth, make_user, order
):
    """Also a number of hundreds of digits, on which WTForms' NumberRange overflowed (500)."""
    auth.login_as(make_user(UserRole.ADMIN))
    response = client.post("/lijsten/doelen/nieuw", data={"label": "Webinars", "sort_order": order})
    assert response.status_code == 200
    assert "Kies een getal van 0 tot en met 100000." in response.text
    assert 'value="Webinars"' in response.text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Term.id))) == 0


def test_same_label_in_another_vocabulary_is_fine(app, client, auth, make_user, make_term):
    make_term(Vocabulary.PURPOSE, "Overig")
    auth.login_as(make_user(UserRole.ADMIN))
    assert client.post("/lijsten/betrokkenen/nieuw", data={"label": "Overig"}).status_code == 302


def test_edit_deactivate_and_reactivate(app, client, auth, make_user, make_term):
    term = make_term(Vocabulary.SECURITY_MEASURE, "Back-ups", group="Technisch")
    auth.login_as(make_user(UserRole.ADMIN))
    page = client.get(f"/lijsten/termen/{term.id}/bewerken").get_data(as_text=True)
    assert 'value="Back-ups"' in page
    response = client.post(
        f"/lijsten/termen/{term.id}/bewerken",
        data={"label": "Dagelijkse back-ups", "group": "Technisch", "version": "1"},
    )
    assert response.status_code == 302
    assert _term(app, term.id).label == "Dagelijkse back-ups"
    client.post(f"/lijsten/termen/{term.id}/deactiveren", data={"version": "2"})
    assert _term(app, term.id).is_active is False
    client.post(f"/lijsten/termen/{term.id}/activeren", data={"version": "3"})
    assert _term(app, term.id).is_active is True


def test_stale_term_edit_overwrites_nothing(app, client, auth, make_user, make_term):
    term = make_term(Vocabulary.PURPOSE, "Origineel")
    auth.login_as(make_user(UserRole.ADMIN))
    with app.app_context():
        db.session.get(Term, term.id).label = "Door een ander gewijzigd"
        db.session.commit()
    response = client.post(
        f"/lijsten/termen/{term.id}/bewerken", data={"label": "Mijn versie", "version": "1"}
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 409 and "intussen gewijzigd" in text
    assert 'value="Mijn versie"' in text
    assert _term(app, term.id).label == "Door een ander gewijzigd"


def test_privacy_officer_reads_but_cannot_change_vocabularies(
    app, client, auth, make_user, make_term
):
    term = make_term(Vocabulary.PURPOSE, "Vast")
    auth.login_as(make_user(UserRole.PRIVACY))
    assert client.get("/lijsten/doelen").status_code == 200
    assert client.get("/lijsten/doelen/nieuw").status_code == 403
    assert client.post("/lijsten/doelen/nieuw", data={"label": "X"}).status_code == 403
    assert (
        client.post(f"/lijsten/termen/{term.id}/deactiveren", data={"version": "1"}).status_code
        == 403
    )
    assert _term(app, term.id).is_active is True


def test_contract_manager_cannot_see_vocabularies(client, auth, make_user, make_organisation):
    school = make_organisation()
    auth.login_as(make_user(UserRole.CONTRACT_MANAGER, organisations=[school]))
    assert client.get("/lijsten/").status_code == 403
    assert client.get("/lijsten/doelen").status_code == 403
