"""Licences: create, edit and end; period rules, school-only, overlaps, conflicts."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from register.extensions import db
from register.organisations.models import OrganisationKind
from register.products.models import Licence


def _licences(app):
    with app.app_context():
        return db.session.scalars(sa.select(Licence).order_by(Licence.id)).all()


def _form(org_id, start="2024-08-01", end="", reference="LIC-1", **extra):
    return {
        "organisation_id": str(org_id),
        "start_date": start,
        "end_date": end,
        "reference": reference,
        **extra,
    }


def test_create_licence_and_see_it_on_both_pages(
    app, client, staff, make_organisation, make_product
):
    school = make_organisation(name="Stichting Heidebeek")
    product = make_product(name="DOENIN")
    form_page = client.get(f"/producten/{product.id}/licenties/nieuw?organisatie={school.id}")
    assert "Stichting Heidebeek" in form_page.get_data(as_text=True)
    response = client.post(
        f"/producten/{product.id}/licenties/nieuw", data=_form(school.id, end="2025-07-31")
    )
    assert response.status_code == 302
    [licence] = _licences(app)
    assert (licence.organisation_id, licence.start_date, licence.end_date) == (
        school.id,
        dt.date(2024, 8, 1),
        dt.date(2025, 7, 31),
    )
    assert "Stichting Heidebeek" in client.get(f"/producten/{product.id}").get_data(as_text=True)
    assert "DOENIN" in client.get(f"/organisaties/{school.id}").get_data(as_text=True)


def test_end_before_start_is_refused(app, client, staff, make_organisation, make_product):
    school, product = make_organisation(), make_product()
    response = client.post(
        f"/producten/{product.id}/licenties/nieuw",
        data=_form(school.id, start="2025-01-01", end="2024-12-31"),
    )
    text = response.get_data(as_text=True)
    assert "De einddatum ligt vóór de begindatum" in text and 'value="LIC-1"' in text
    assert _licences(app) == []


def test_only_a_school_can_hold_a_licence(app, client, staff, make_organisation, make_product):
    host = make_organisation(OrganisationKind.SUBPROCESSOR, name="Hosting")
    product = make_product()
    response = client.post(f"/producten/{product.id}/licenties/nieuw", data=_form(host.id))
    assert "Ongeldige keuze" in response.get_data(as_text=True)  # not among the schools
    response = client.post(f"/producten/{product.id}/licenties/nieuw", data=_form(0))
    assert "Kies een school" in response.get_data(as_text=True)
    assert _licences(app) == []


def test_the_service_refuses_a_licence_for_a_non_school(session, make_organisation, make_product):
    import pytest

    from register.products.errors import InvalidLicence
    from register.products.services import LicenceCommand, create_licence

    host = make_organisation(OrganisationKind.RECIPIENT, name="Belastingdienst")
    product = make_product()
    data = LicenceCommand(
        organisation_id=host.id, product_id=product.id, start_date=dt.date(2024, 1, 1)
    )
    with pytest.raises(InvalidLicence, match="alleen een school"):
        create_licence(session, data)


def test_overlapping_licences_are_refused_with_a_clear_message(
    app, client, staff, make_organisation, make_product, make_licence
):
    school = make_organisation(name="OBS De Linde")
    product = make_product()
    make_licence(school, product, start_date=dt.date(2024, 8, 1), end_date=dt.date(2025, 7, 31))
    response = client.post(
        f"/producten/{product.id}/licenties/nieuw", data=_form(school.id, start="2025-07-01")
    )
    text = response.get_data(as_text=True)
    assert "OBS De Linde heeft al een licentie voor dit product die deze periode overlapt" in text
    assert len(_licences(app)) == 1
    # Directly after the old one ends is fine; so is another school in the same period.
    assert (
        client.post(
            f"/producten/{product.id}/licenties/nieuw", data=_form(school.id, start="2025-08-01")
        ).status_code
        == 302
    )
    other = make_organisation()
    assert (
        client.post(f"/producten/{product.id}/licenties/nieuw", data=_form(other.id)).status_code
        == 302
    )
    # An open-ended licence overlaps everything after its start.
    response = client.post(
        f"/producten/{product.id}/licenties/nieuw", data=_form(school.id, start="2030-01-01")
    )
    assert "overlapt" in response.get_data(as_text=True)
    assert len(_licences(app)) == 3


def test_edit_and_end_a_licence(app, client, staff, make_organisation, make_product, make_licence):
    school, product = make_organisation(), make_product()
    licence = make_licence(school, product)
    response = client.post(
        f"/producten/licenties/{licence.id}/bewerken",
        data=_form(school.id, reference="NIEUW", version="1"),
    )
    assert response.status_code == 302
    assert _licences(app)[0].reference == "NIEUW"
    response = client.post(
        f"/producten/licenties/{licence.id}/beeindigen",
        data={"end_date": "2024-07-01", "version": "2"},
    )
    assert "kan niet eindigen vóór de begindatum" in response.get_data(as_text=True)
    assert _licences(app)[0].end_date is None
    response = client.post(
        f"/producten/licenties/{licence.id}/beeindigen?terug=organisatie",
        data={"end_date": "2026-07-31", "version": "2"},
    )
    assert (
        response.status_code == 302 and f"/organisaties/{school.id}" in response.headers["Location"]
    )
    assert _licences(app)[0].end_date == dt.date(2026, 7, 31)


def test_stale_licence_end_changes_nothing(
    app, client, staff, make_organisation, make_product, make_licence
):
    licence = make_licence(make_organisation(), make_product())
    response = client.post(
        f"/producten/licenties/{licence.id}/beeindigen",
        data={"end_date": "2026-07-31", "version": "5"},
    )
    assert response.status_code == 409
    assert _licences(app)[0].end_date is None


def test_invalid_dates_get_a_dutch_message(app, client, staff, make_organisation, make_product):
    school, product = make_organisation(), make_product()
    response = client.post(
        f"/producten/{product.id}/licenties/nieuw", data=_form(school.id, start="31-02-2024")
    )
    assert "Ongeldige datum" in response.get_data(as_text=True)
    response = client.post(
        f"/producten/{product.id}/licenties/nieuw", data=_form(school.id, start="")
    )
    assert "Vul de begindatum in" in response.get_data(as_text=True)
    assert _licences(app) == []


def _listed_schools(html: str) -> list[str]:
    select = html.split('id="organisation_id"', 1)[1].split("</select>", 1)[0]
    return [label for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)][1:]


def test_the_school_list_is_capped_and_narrowed_by_a_search(
    app, client, staff, make_organisation, make_product
):
    product = make_product()
    schools = [make_organisation(name=f"Stichting {n:02d}", city="Zwolle") for n in range(55)]
    heide = make_organisation(name="Stichting Heidebeek 100% zeker", brin="12AB", city="Ede")
    page = client.get(f"/producten/{product.id}/licenties/nieuw").get_data(as_text=True)
    assert len(_listed_schools(page)) == 50 and "de eerste 50 scholen" in page
    # A search by name, BRIN or city narrows the list; % and _ are plain characters.
    for term in ("heidebeek", "12ab", "Ede", "100%"):
        page = client.get(f"/producten/{product.id}/licenties/nieuw?school={term}")
        assert _listed_schools(page.get_data(as_text=True)) == [
            "Stichting Heidebeek 100% zeker (12AB)"
        ], term
    page = client.get(f"/producten/{product.id}/licenties/nieuw?school=Onbekend")
    assert "Geen school gevonden met „Onbekend”" in page.get_data(as_text=True)
    # A school beyond the first 50 that was chosen elsewhere (?organisatie=) is listed.
    last = schools[-1]
    page = client.get(f"/producten/{product.id}/licenties/nieuw?organisatie={last.id}")
    assert any(label.startswith("Stichting 54 ") for label in _listed_schools(page.text))
    # Submitting a school that the first page did not list still saves.
    response = client.post(f"/producten/{product.id}/licenties/nieuw", data=_form(heide.id))
    assert response.status_code == 302
    assert [licence.organisation_id for licence in _licences(app)] == [heide.id]


def test_editing_keeps_the_current_school_in_the_list(
    app, client, staff, make_organisation, make_product, make_licence
):
    product = make_product()
    for n in range(55):
        make_organisation(name=f"Stichting {n:02d}")
    school = make_organisation(name="Zuiderlicht")  # sorts after the first 50
    licence = make_licence(school, product)
    page = client.get(f"/producten/licenties/{licence.id}/bewerken").get_data(as_text=True)
    assert f"Zuiderlicht ({school.brin})" in _listed_schools(page)
    selected = re.search(r'<option selected value="(\d+)">([^<]*)<', page)
    assert selected and selected.groups() == (str(school.id), f"Zuiderlicht ({school.brin})")
