"""Dutch validation, the single own organisation, unique identifiers, conflicts, access."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from register.auth.models import UserRole
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from tests.organisations.conftest import school_form


def _count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Organisation.id)))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("brin", "1AB", "twee cijfers en twee letters"),
        ("brin", "12A1", "twee cijfers en twee letters"),
        ("rio", "1-2", "3 tot 20 letters en cijfers"),
        ("kvk", "1234567", "precies 8 cijfers"),
        ("kvk", "12345678a", "precies 8 cijfers"),
        ("postcode", "123 AB", "vier cijfers en twee letters"),
        ("postcode", "0123 AB", "vier cijfers en twee letters"),
        ("email", "geen-adres", "geen geldig e-mailadres"),
        ("dpo_email", "fg@", "geen geldig e-mailadres"),
        ("website", "javascript:alert(1)", "https://"),
        ("website", "ftp://school.nl", "https://"),
        ("phone", "bel mij", "telefoonnummer"),
        ("name", "", "Vul dit veld in"),
        ("name", "x" * 201, "Maximaal 200 tekens"),
        ("kind", "bestaat-niet", "Ongeldige keuze"),
        ("city", "Naam\x00met nul", "ongeldige tekens"),
    ],
)
def test_invalid_values_get_a_dutch_message_and_are_kept(app, client, staff, field, value, message):
    response = client.post("/organisaties/nieuw", data=school_form(**{field: value}))
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in text
    assert "Het formulier bevat fouten" in text
    assert 'value="Stichting Openbaar Onderwijs Voorbeeldstad"' in text or field == "name"
    assert _count(app) == 0


def test_foreign_postcode_is_accepted_outside_the_netherlands(app, client, staff):
    data = school_form(kind="recipient", brin="", kvk="", postcode="D04 E5W5", country="Ierland")
    assert client.post("/organisaties/nieuw", data=data).status_code == 302


def test_a_school_needs_an_identifier(app, client, staff):
    response = client.post("/organisaties/nieuw", data=school_form(brin="", kvk="", rio=""))
    assert "BRIN-nummer, RIO-code of KvK-nummer" in response.get_data(as_text=True)
    assert _count(app) == 0


def test_duplicate_brin_gets_a_kind_message(app, client, staff, make_organisation):
    make_organisation(name="Eerste bestuur", brin="12AB")
    response = client.post("/organisaties/nieuw", data=school_form(brin="12ab"))
    text = response.get_data(as_text=True)
    assert "Het BRIN-nummer 12AB is al in gebruik bij Eerste bestuur." in text
    assert _count(app) == 1


def test_database_constraint_guards_brin_when_the_check_is_bypassed(session, make_organisation):
    from register.organisations.services import (
        DuplicateIdentifier,
        OrganisationCommand,
        _flush,
    )

    make_organisation(brin="55XY")
    session.add(
        Organisation(
            **vars(OrganisationCommand(kind=OrganisationKind.SCHOOL, name="B", brin="55XY"))
        )
    )
    with pytest.raises(DuplicateIdentifier):
        _flush(session)


def test_a_second_own_organisation_is_refused(app, client, staff, make_organisation):
    make_organisation(OrganisationKind.OWN, name="KPC Groep")
    response = client.post(
        "/organisaties/nieuw", data=school_form(kind="own", name="Tweede eigen", brin="")
    )
    text = response.get_data(as_text=True)
    assert "Er is al een eigen organisatie (KPC Groep)" in text
    assert 'value="Tweede eigen"' in text
    assert _count(app) == 1


def test_an_organisation_cannot_become_a_second_own(app, client, staff, make_organisation):
    make_organisation(OrganisationKind.OWN, name="KPC Groep")
    school = make_organisation(name="School", brin="33CC")
    response = client.post(
        f"/organisaties/{school.id}/bewerken",
        data=school_form(kind="own", name="School", brin="33CC", version="1"),
    )
    assert "Er is al een eigen organisatie" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Organisation, school.id).kind is OrganisationKind.SCHOOL


def test_the_kind_of_the_own_organisation_cannot_change(app, client, staff, make_organisation):
    own = make_organisation(OrganisationKind.OWN, name="KPC Groep")
    response = client.post(
        f"/organisaties/{own.id}/bewerken",
        data=school_form(kind="school", name="KPC Groep", version="1"),
    )
    assert "De soort van de eigen organisatie kan niet worden gewijzigd" in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(Organisation, own.id).kind is OrganisationKind.OWN


def test_a_stale_form_overwrites_nothing_and_shows_the_conflict(
    app, client, staff, make_organisation
):
    org = make_organisation(name="Origineel", brin="44DD", city="Oudstad")
    with app.app_context():
        db.session.get(Organisation, org.id).city = "Nieuwstad"
        db.session.commit()
    response = client.post(
        f"/organisaties/{org.id}/bewerken",
        data=school_form(name="Mijn naam", brin="44DD", city="Mijnstad", version="1"),
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "intussen gewijzigd" in text
    assert 'value="Mijn naam"' in text and 'value="Mijnstad"' in text
    assert "Nieuwstad" in text  # the stored value shown next to the typed one
    assert 'name="version" type="hidden" value="2"' in text
    with app.app_context():
        stored = db.session.get(Organisation, org.id)
        assert (stored.name, stored.city, stored.version) == ("Origineel", "Nieuwstad", 2)


# "²" passes str.isdigit() but not int(); "١" (Arabic-Indic one) passes both: neither is ours.
@pytest.mark.parametrize("version", ["", "abc", "-1", "99999999999999999999", "²", "١"])
def test_a_missing_or_odd_version_is_a_conflict_not_an_error(
    app, client, staff, make_organisation, version
):
    org = make_organisation(name="Origineel", brin="45DD")
    response = client.post(
        f"/organisaties/{org.id}/bewerken",
        data=school_form(name="Anders", brin="45DD", version=version),
    )
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Organisation, org.id).name == "Origineel"


def test_auditor_reads_but_cannot_change(app, client, auth, make_user, make_organisation):
    org = make_organisation(name="Leesbaar")
    auth.login_as(make_user(UserRole.AUDITOR))
    assert client.get("/organisaties/").status_code == 200
    text = client.get(f"/organisaties/{org.id}").get_data(as_text=True)
    assert "Leesbaar" in text and "Bewerken" not in text
    assert client.get("/organisaties/nieuw").status_code == 403
    assert client.post("/organisaties/nieuw", data=school_form()).status_code == 403
    edit = client.post(
        f"/organisaties/{org.id}/bewerken", data=school_form(name="Gewijzigd", version="1")
    )
    assert edit.status_code == 403
    assert (
        client.post(f"/organisaties/{org.id}/deactiveren", data={"version": "1"}).status_code == 403
    )
    with app.app_context():
        stored = db.session.get(Organisation, org.id)
        assert stored.name == "Leesbaar" and stored.is_active
    assert _count(app) == 1


def test_contract_manager_gets_403_on_staff_pages(client, auth, make_user, make_organisation):
    school = make_organisation()
    auth.login_as(make_user(UserRole.CONTRACT_MANAGER, organisations=[school]))
    for url in ("/organisaties/", f"/organisaties/{school.id}", "/organisaties/nieuw"):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/organisaties/")
    assert response.status_code in (302, 401)
