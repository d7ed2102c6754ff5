"""build_statement: what the privacy statement says, built from the register."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from register.activities.completeness import NO_RECIPIENTS
from register.activities.models import Activity, RetentionRule
from register.extensions import db
from register.statement.legal_bases import article_6_ground, phrase_legal_basis
from register.statement.services import build_statement
from register.vocabularies.models import Vocabulary
from tests.statement.conftest import Builder, add_activities, build_register


@pytest.fixture
def statement(app, statement_register):
    with app.test_request_context():
        return build_statement(db.session)


def test_data_categories_are_the_active_controller_ones_in_vocabulary_order(statement):
    assert statement["data_categories"] == ["Voor- en achternaam", "E-mailadres", "IP-adres"]
    assert statement["special_categories"] == []
    assert statement["data_subjects"] == ["Nieuwsbriefabonnees"]
    assert statement["activity_count"] == 2


def test_each_purpose_carries_its_own_legal_bases(statement):
    purposes = {p["purpose"]: p["legal_bases"] for p in statement["purposes"]}
    assert set(purposes) == {
        "Verzenden van onze nieuwsbrief",
        "Analyse van websitegebruik",
        "Afhandelen van betalingen",
    }
    assert purposes["Verzenden van onze nieuwsbrief"] == [
        "op basis van uw toestemming (AVG art. 6 lid 1 sub a)",
        "omdat dit nodig is om de overeenkomst met u uit te voeren (AVG art. 6 lid 1 sub b)",
    ]
    assert purposes["Analyse van websitegebruik"] == [
        "op basis van ons gerechtvaardigd belang (AVG art. 6 lid 1 sub f): "
        "het verbeteren van onze website"
    ]
    explanations = {p["purpose"]: p["explanation"] for p in statement["purposes"]}
    assert explanations["Analyse van websitegebruik"] == (
        "Wij tellen bezoeken zonder u te herkennen."
    )
    assert explanations["Afhandelen van betalingen"] == ""
    assert purposes["Afhandelen van betalingen"] == [
        "omdat de wet ons daartoe verplicht (AVG art. 6 lid 1 sub c)"
    ]


def test_retention_recipients_transfers_and_security(statement):
    assert statement["retention"] == [
        {
            "categories": [],
            "activities": ["Nieuwsbrief"],
            "period": "3 jaar",
            "trigger": "na uw laatste activiteit",
            "reason": "Standaardtermijn voor klantcontact",
            "exception": "",
        },
        {
            "categories": ["IP-adres"],
            "activities": [],
            "period": "26 maanden",
            "trigger": "na het bezoek",
            "reason": "",
            "exception": "Facturen 7 jaar (fiscale bewaarplicht)",
        },
    ]
    assert statement["recipient_categories"] == ["Hostingpartij"]
    assert statement["recipients"] == [{"name": "Google Ireland Limited", "location": "Ierland"}]
    assert statement["uses_processors"] is True
    assert statement["transfers"] == [
        {
            "country": "Verenigde Staten",
            "recipient": "Google LLC",
            "mechanism": "EU-VS Data Privacy Framework",
            "safeguards": "Aanvullende versleuteling",
        }
    ]
    assert statement["security_measures"] == [
        {"group": "Organisatorisch", "measures": ["Informatiebeveiligingsbeleid"]},
        {"group": "Technisch", "measures": ["Versleuteling van verbindingen"]},
    ]


def test_contact_products_and_last_change(statement):
    contact = statement["organisation"]
    assert contact["name"] == "KPC Groep"
    assert contact["address_lines"] == ["Guldenberg 12", "5628 KR Helvoirt"]
    assert contact["email"] == "privacy@kpcgroep.nl"
    assert contact["dpo_name"] == "F. Functionaris"
    assert statement["processor_products"] == [{"name": "DOENIN", "description": ""}]
    # The page shows the publication date now (StatementPublication), not this date.
    assert isinstance(statement["last_changed"], dt.date)


def test_empty_register_gives_an_empty_statement(app):
    with app.test_request_context():
        statement = build_statement(db.session)
    assert statement["organisation"] is None
    assert statement["activity_count"] == 0
    assert statement["purposes"] == [] and statement["last_changed"] is None


def test_fixed_number_of_queries(app, count_queries):
    with app.app_context():
        build_register()
    with app.test_request_context(), count_queries() as small:
        build_statement(db.session)
    with app.app_context():
        add_activities(15)
    with app.test_request_context(), count_queries() as large:
        statement = build_statement(db.session)
    assert statement["activity_count"] == 2 + 15
    assert len(statement["transfers"]) == 2
    assert len(large) == len(small)


@pytest.mark.parametrize(
    ("label", "reference", "letter"),
    [
        ("Toestemming", "AVG art. 6 lid 1 sub a", "a"),
        ("Overeenkomst", "art. 6 lid 1 onder b", "b"),
        ("Wettelijke plicht", "Art. 6(1)(c)", "c"),
        ("Vitaal belang", "", "d"),
        ("Taak van algemeen belang", "", "e"),
        ("Gerechtvaardigd belang", "", "f"),
        ("Iets anders", "", None),
    ],
)
def test_article_6_ground(label, reference, letter):
    assert article_6_ground(label, reference) == letter


def test_phrases_for_unknown_and_missing_bases_and_special_conditions(app):
    with app.test_request_context():
        assert phrase_legal_basis("Eigen grond", "Wet X art. 1") == (
            "op basis van: Eigen grond (Wet X art. 1)"
        )
        assert phrase_legal_basis(None) == "de grondslag is nog niet vastgelegd"
        assert phrase_legal_basis(
            "Toestemming", "AVG art. 6 lid 1 sub a", special_condition="Uitdrukkelijke toestemming"
        ) == (
            "op basis van uw toestemming (AVG art. 6 lid 1 sub a); voor bijzondere "
            "persoonsgegevens: Uitdrukkelijke toestemming (AVG art. 9 lid 2)"
        )


def test_identical_retention_rules_are_merged_and_no_recipients_is_dropped(app):
    with app.app_context():
        b = Builder()
        none = b.term(Vocabulary.RECIPIENT_CATEGORY, NO_RECIPIENTS)
        for name in ("Klachten", "Betalingen"):
            activity = b.activity(name, purposes=[("Doel " + name, None, "")])
            activity.retention_rules = [RetentionRule(period="3 jaar", trigger="na contact")]
            activity.recipient_categories = [none]
        db.session.commit()
    with app.test_request_context():
        statement = build_statement(db.session)
        assert statement["retention"] == [
            {
                "categories": [],
                "activities": ["Betalingen", "Klachten"],
                "period": "3 jaar",
                "trigger": "na contact",
                "reason": "",
                "exception": "",
            }
        ]
        assert statement["recipient_categories"] == [NO_RECIPIENTS]
        assert statement["purposes"][0]["legal_bases"] == ["de grondslag is nog niet vastgelegd"]
        with app.app_context():
            b = Builder()
            activity = db.session.scalar(sa.select(Activity).where(Activity.name == "Klachten"))
            activity.recipient_categories.append(
                b.term(Vocabulary.RECIPIENT_CATEGORY, "Accountant")
            )
            db.session.commit()
        assert build_statement(db.session)["recipient_categories"] == ["Accountant"]
