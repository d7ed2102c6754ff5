"""Flat sheets with one row per activity: Fides RoPA and Kennisnet processor columns."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from register.activities.models import Activity, ActivityStatus, DpiaStatus, Role
from register.activities.record import activity_record, record_loaders
from register.exchange.errors import ImportInvalid
from register.exchange.importing.plan import Action, Subject
from register.exchange.importing.services import import_register
from register.organisations.models import Organisation, OrganisationKind
from register.vocabularies.models import Term, Vocabulary
from tests.exchange.conftest import flat_workbook

FIDES_HEADER = [
    "Dataset", "System", "Department", "Purpose of Processing", "Joint Controller",
    "Categories of Individuals", "Categories of Personal Data", "Categories of Recipients",
    "Link to Contract with Processor", "Third Country Transfers", "Safeguards",
    "Retention Schedule", "Security Measures", "Role/Responsibility", "Art. 6 lawful basis",
    "Art. 9 condition", "Legitimate interests", "LIA link", "Rights available",
    "Automated decision-making", "Source of data", "DPIA required", "DPIA progress", "DPIA link",
]  # fmt: skip


def _load(session, name):
    activity = session.scalars(
        sa.select(Activity).options(*record_loaders()).where(Activity.name == name)
    ).one()
    return activity, activity_record(activity)


def test_fides_ropa_rows_become_activities(session, make_term):
    make_term(Vocabulary.LEGAL_BASIS, "Toestemming", reference="AVG art. 6 lid 1 sub a")
    above = [
        ["Organization", "KPC Groep"],
        ["DPO", "F. Gegevens"],
        ["Representative", ""],
        [],
    ]
    row = [
        "Nieuwsbrief", "Mailchimp", "Marketing", "Nieuwsbrief versturen\nProfilering",
        "", "Abonnees", "E-mailadres; Naam", "Marketingbureaus", "https://contract",
        "Verenigde Staten", "SCC", "3 jaar", "Versleuteling\nToegangsbeheer", "Controller",
        "toestemming", "", "", "", "Inzage, verwijdering", "No", "Betrokkene",
        "Yes", "In progress", "https://dpia",
    ]  # fmt: skip
    result = import_register(
        session, flat_workbook([FIDES_HEADER, row], above=above), filename="ropa.xlsx"
    )
    session.commit()
    assert result.layouts == {"Blad1": "Fides RoPA"}
    assert any("Link to Contract with Processor" in n for n in result.notices)
    activity, record = _load(session, "Nieuwsbrief")
    assert activity.role is Role.CONTROLLER and activity.status is ActivityStatus.DRAFT
    assert record["storage_location"] == "Mailchimp" and record["department"] == "Marketing"
    # One lawful basis for two purposes applies to both; the existing term is matched by label.
    assert [(p["purpose"], p["legal_basis"]) for p in record["purposes"]] == [
        ("Nieuwsbrief versturen", "Toestemming"),
        ("Profilering", "Toestemming"),
    ]
    assert [c["category"] for c in record["data_categories"]] == ["E-mailadres", "Naam"]
    assert record["transfers"] == [
        {"country": "Verenigde Staten", "recipient": "", "mechanism": None, "safeguards": "SCC"}
    ]
    assert activity.dpia_required and activity.dpia_status is DpiaStatus.IN_PROGRESS
    assert sorted(m["label"] for m in record["security_measures"]) == [
        "Toegangsbeheer", "Versleuteling",
    ]  # fmt: skip
    # Unknown labels were created as new terms (and listed in the result).
    assert (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(Term)
            .where(Term.vocabulary == Vocabulary.LEGAL_BASIS)
        )
        == 1
    )
    assert (Subject.TERM, Action.NEW, "Profilering") in [
        (c.kind, c.action, c.label) for c in result.changes
    ]


def test_fides_processor_row_needs_a_product(session):
    row = ["Leeromgeving", "", "", "Les geven", "", "", "", "", "", "", "", "", "", "Processor"]
    header = FIDES_HEADER[:14]
    with pytest.raises(ImportInvalid) as raised:
        import_register(session, flat_workbook([header, row]))
    assert [str(i) for i in raised.value.issues] == [
        "Blad 'Blad1', rij 2, kolom 'Productcode': "
        "een verwerking als verwerker hoort bij een product."
    ]


def test_kennisnet_processor_sheet(session):
    header = [
        "Applicatie", "Verwerker", "Applicatie-eigenaar (intern)", "Doel",
        "Categorieën persoonsgegevens", "Locatie gegevens", "Datum verwerkersovereenkomst",
    ]  # fmt: skip
    rows = [
        header,
        ["Magister", "Iddink", "Hoofd ICT", "Leerlingadministratie", "Naam\nCijfers", "Nederland",
         "01-08-2023"],
        ["Teams", "Microsoft", "Hoofd ICT", "Communicatie", "Naam", "EER", ""],
    ]  # fmt: skip
    result = import_register(session, flat_workbook(rows, title="Verwerkers"), filename="kn.xlsx")
    session.commit()
    assert result.layouts == {"Verwerkers": "Kennisnet (verwerkers)"}
    activity, record = _load(session, "Magister")
    assert activity.owner == "Hoofd ICT" and activity.storage_location == "Nederland"
    assert record["subprocessors"] == [
        {
            "name": "Iddink",
            "service": "",
            "location": "Nederland",
            "safeguard": "Verwerkersovereenkomst van 2023-08-01",
        }
    ]
    iddink = session.scalars(sa.select(Organisation).where(Organisation.name == "Iddink")).one()
    assert iddink.kind is OrganisationKind.SUBPROCESSOR
    assert session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 2


def test_kennisnet_bad_date_is_located(session):
    rows = [["Applicatie", "Verwerker", "Datum VWO"], ["Magister", "Iddink", "gisteren"]]
    with pytest.raises(ImportInvalid) as raised:
        import_register(session, flat_workbook(rows, title="Verwerkers"))
    assert [str(i) for i in raised.value.issues] == [
        "Blad 'Verwerkers', rij 2, kolom 'Datum VWO': 'gisteren' is geen geldige datum "
        "(JJJJ-MM-DD of DD-MM-JJJJ)."
    ]
