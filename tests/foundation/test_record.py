"""The canonical activity record carries every part by label."""

import datetime as dt

import sqlalchemy as sa

from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    RetentionRule,
    Role,
    Transfer,
)
from register.activities.record import activity_record, record_loaders
from register.vocabularies.models import Term, Vocabulary


def test_record_of_a_controller_activity(session):
    purpose = Term(vocabulary=Vocabulary.PURPOSE, code="nb", label="Nieuwsbrief versturen")
    basis = Term(
        vocabulary=Vocabulary.LEGAL_BASIS,
        code="a",
        label="Toestemming",
        reference="AVG art. 6 lid 1 sub a",
    )
    email = Term(vocabulary=Vocabulary.DATA_CATEGORY, code="mail", label="E-mailadres")
    subject = Term(vocabulary=Vocabulary.DATA_SUBJECT, code="abo", label="Abonnees")
    scc = Term(vocabulary=Vocabulary.TRANSFER_MECHANISM, code="scc", label="SCC")
    activity = Activity(name="Nieuwsbrief", role=Role.CONTROLLER, review_date=dt.date(2027, 1, 1))
    activity.purposes = [ActivityPurpose(purpose=purpose, legal_basis=basis)]
    activity.data_categories = [ActivityDataCategory(term=email, data_subject=subject)]
    activity.data_subjects = [subject]
    activity.transfers = [Transfer(country="Verenigde Staten", mechanism=scc)]
    activity.retention_rules = [RetentionRule(period="3 jaar", trigger="laatste activiteit")]
    session.add(activity)
    session.commit()
    session.expunge_all()

    loaded = session.scalars(sa.select(Activity).options(*record_loaders())).one()
    record = activity_record(loaded)
    assert record["purposes"] == [
        {
            "purpose": "Nieuwsbrief versturen",
            "legal_basis": "Toestemming",
            "legal_basis_reference": "AVG art. 6 lid 1 sub a",
            "special_condition": None,
            "legitimate_interest": "",
            "lia_link": "",
        }
    ]
    assert record["data_categories"][0]["category"] == "E-mailadres"
    assert record["data_categories"][0]["data_subject"] == "Abonnees"
    assert record["transfers"][0]["mechanism"] == "SCC"
    assert record["retention"][0]["period"] == "3 jaar"
    assert record["review_date"] == "2027-01-01"
    assert record["product"] is None and record["role"] == "controller"
