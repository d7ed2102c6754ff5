"""HTTP tests of the organisation screens: list, detail, create, edit, (de)activate."""

from __future__ import annotations

import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from tests.organisations.conftest import school_form


def _organisations(app):
    with app.app_context():
        return db.session.scalars(sa.select(Organisation).order_by(Organisation.id)).all()


def test_create_school_stores_normalised_values(app, client, staff):
    response = client.post(
        "/organisaties/nieuw", data=school_form(brin="12ab", postcode="1234ab", kvk="4108 9876")
    )
    assert response.status_code == 302
    [org] = _organisations(app)
    assert response.headers["Location"].endswith(f"/organisaties/{org.id}")
    assert (org.kind, org.brin, org.postcode, org.kvk) == (
        OrganisationKind.SCHOOL,
        "12AB",
        "1234 AB",
        "41089876",
    )
    assert org.dpo_email == "fg@voorbeeldstad.nl" and org.is_active
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_type == "organisation")
        ).one()
        assert entry.action == "create" and entry.actor_email == staff.email


def test_detail_shows_identifiers_contacts_and_licences(
    client, staff, make_organisation, make_product, make_licence
):
    school = make_organisation(
        name="OBS De Klimop", brin="34CD", privacy_contact_email="privacy@klimop.nl"
    )
    product = make_product(name="DOENIN")
    make_licence(school, product)
    text = client.get(f"/organisaties/{school.id}").get_data(as_text=True)
    assert "OBS De Klimop" in text and "34CD" in text and "privacy@klimop.nl" in text
    assert "DOENIN" in text


def test_detail_of_subprocessor_lists_where_it_is_used(app, client, staff, make_organisation):
    from register.activities.models import Activity, ActivitySubprocessor, Role

    host = make_organisation(OrganisationKind.SUBPROCESSOR, name="Hostingbedrijf")
    with app.app_context():
        activity = Activity(name="Leeromgeving", role=Role.CONTROLLER)
        activity.subprocessors.append(ActivitySubprocessor(organisation_id=host.id))
        db.session.add(activity)
        db.session.commit()
    text = client.get(f"/organisaties/{host.id}").get_data(as_text=True)
    assert "Leeromgeving" in text


def test_unknown_organisation_is_404(client, staff):
    assert client.get("/organisaties/999999").status_code == 404
    assert client.get("/organisaties/999999/bewerken").status_code == 404


def test_list_filters_searches_and_sorts(client, staff, make_organisation):
    make_organisation(name="Basisschool Achterhoek", city="Zutphen")
    make_organisation(name="Zeeuwse Scholengroep", city="Middelburg")
    make_organisation(OrganisationKind.SUBPROCESSOR, name="Cloud Hosting B.V.")
    make_organisation(name="Oud Bestuur", is_active=False)

    def names(query):
        text = client.get("/organisaties/" + query).get_data(as_text=True)
        found = [
            n
            for n in ("Basisschool Achterhoek", "Zeeuwse Scholengroep", "Cloud Hosting", "Oud")
            if n in text
        ]
        return found, text

    found, _ = names("?soort=school")
    assert found == ["Basisschool Achterhoek", "Zeeuwse Scholengroep"]
    found, _ = names("?q=middel")
    assert found == ["Zeeuwse Scholengroep"]
    found, _ = names("?status=inactief")
    assert found == ["Oud"]
    _, text = names("?soort=school&sort=-name")
    assert text.index("Zeeuwse") < text.index("Basisschool Achterhoek")
    # Odd query values fall back to defaults instead of failing.
    assert client.get("/organisaties/?soort=x&sort=drop&status=%00&page=-3").status_code == 200


def test_list_paginates_in_sql_with_a_fixed_number_of_queries(app, client, staff):
    with app.app_context():
        db.session.add_all(
            Organisation(kind=OrganisationKind.SCHOOL, name=f"School {n:03d}", brin=f"{n:02d}AA")
            for n in range(60)
        )
        db.session.commit()
    statements = []

    def count(conn, cursor, statement, *args):
        # The list's own queries (the signed-in user's load joins organisations too).
        if "FROM organisation" in statement:
            statements.append(statement)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            text = client.get("/organisaties/?page=2").get_data(as_text=True)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
    assert "School 025" in text and "School 024" not in text and "School 050" not in text
    assert "60 resultaten" in text
    assert len(statements) == 2  # one count, one page


def test_edit_changes_the_organisation(app, client, staff, make_organisation):
    org = make_organisation(name="Oude naam", brin="11AA")
    response = client.post(
        f"/organisaties/{org.id}/bewerken",
        data=school_form(name="Nieuwe naam", brin="11AA", version="1"),
    )
    assert response.status_code == 302
    [stored] = _organisations(app)
    assert stored.name == "Nieuwe naam" and stored.version == 2


def test_edit_form_shows_current_values(client, staff, make_organisation):
    org = make_organisation(name="Stichting Klaverblad", brin="22BB")
    text = client.get(f"/organisaties/{org.id}/bewerken").get_data(as_text=True)
    assert 'value="Stichting Klaverblad"' in text and 'value="22BB"' in text
    assert 'name="version" type="hidden" value="1"' in text


def test_deactivate_and_reactivate(app, client, staff, make_organisation):
    org = make_organisation(name="Tijdelijk")
    assert (
        client.post(f"/organisaties/{org.id}/deactiveren", data={"version": "1"}).status_code == 302
    )
    assert _organisations(app)[0].is_active is False
    assert (
        client.post(f"/organisaties/{org.id}/activeren", data={"version": "2"}).status_code == 302
    )
    assert _organisations(app)[0].is_active is True
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.entity_type == "organisation")
        ).all()
    assert "deactivate" in actions and "reactivate" in actions


def test_deactivate_with_a_stale_version_changes_nothing(app, client, staff, make_organisation):
    org = make_organisation(name="Blijft actief")
    response = client.post(
        f"/organisaties/{org.id}/deactiveren", data={"version": "7"}, follow_redirects=True
    )
    assert "intussen gewijzigd" in response.get_data(as_text=True)
    assert _organisations(app)[0].is_active is True


def test_the_own_organisation_cannot_be_deactivated(app, client, staff, make_organisation):
    own = make_organisation(OrganisationKind.OWN, name="KPC Groep")
    response = client.post(
        f"/organisaties/{own.id}/deactiveren", data={"version": "1"}, follow_redirects=True
    )
    assert "kan niet worden gedeactiveerd" in response.get_data(as_text=True)
    assert _organisations(app)[0].is_active is True
