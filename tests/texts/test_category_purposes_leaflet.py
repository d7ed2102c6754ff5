"""The leaflet (Privacybijsluiter) shows per data category only the purposes it serves."""

from __future__ import annotations

import sqlalchemy as sa

from register.agreements.documents.context import build_context
from register.agreements.documents.snapshot import current_fragments, organisation_record
from register.demo.services import load_demo
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Product
from register.texts import get_template, render_leaflet

LEARNING = "Leveren en gebruiken van het digitale onderwijsmiddel"
RESULTS = "Volgen van leerresultaten en voortgang door de leraar"
ACCOUNTS = "Beheer van gebruikers, rollen en toegang"


def _context() -> dict:
    load_demo(db.session)
    db.session.flush()
    product = db.session.scalars(sa.select(Product).where(Product.code == "DOENIN")).one()
    own, school = (
        db.session.scalars(sa.select(Organisation).where(Organisation.kind == kind)).first()
        for kind in (OrganisationKind.OWN, OrganisationKind.SCHOOL)
    )
    snapshot = {
        "taken_at": "2026-07-15T10:00:00+00:00",
        "agreement": {
            "number": "VWO-2026-0001",
            "title": "Verwerkersovereenkomst",
            "template_id": "convenant-4.0",
            "template_version": "1",
            "covenant_version": "4.0",
            "term_start": "2026-08-01",
            "term_end": None,
            "notice_period_months": 3,
            "deviations": [],
        },
        "particulars": {},
        "processor": organisation_record(own),
        "controller": organisation_record(school),
        "licences": [],
        "products": [current_fragments(db.session, [product.id])[product.id]],
    }
    return build_context(snapshot)


def test_each_category_names_only_the_purposes_it_serves(session):
    context = _context()
    groups = {g["subject"]: g["categories"] for g in context["products"][0]["data_groups"]}
    pupils = {c["name"]: c["purpose"] for c in groups["Leerlingen en studenten"]}
    assert pupils["Leerresultaten en voortgang"] == RESULTS
    assert pupils["Klas"] == f"{LEARNING}; {RESULTS}"
    # A category that names no purpose serves them all.
    assert pupils["Voor- en achternaam"] == f"{LEARNING}; {RESULTS}; {ACCOUNTS}"
    assert {c["purpose"] for c in groups["Schooladministratie en beheerders"]} == {ACCOUNTS}

    leaflet = render_leaflet(get_template("convenant-4.0", "1"), context, 0)
    assert RESULTS in leaflet and ACCOUNTS in leaflet
