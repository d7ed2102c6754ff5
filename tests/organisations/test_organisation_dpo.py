"""Art. 30(1)(a): the own organisation records its FG or the reasoned decision not to appoint
one, through the Dutch form, audited; a recipient records its processor agreement."""

from __future__ import annotations

import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from tests.organisations.conftest import school_form

REASON = "Geen overheidsinstantie; geen grootschalige verwerking van bijzondere gegevens."


def _own_form(**changes: str) -> dict[str, str]:
    fields = {"kind": "own", "name": "KPC Groep", "brin": "", "kvk": "", "dpo_name": ""}
    return school_form(**{**fields, "dpo_email": "", **changes})


def _own(app):
    with app.app_context():
        return db.session.scalars(
            sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN)
        ).one_or_none()


def test_no_fg_without_a_reason_is_refused_in_dutch(app, client, staff):
    response = client.post("/organisaties/nieuw", data=_own_form(dpo_not_appointed="y"))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Leg vast waarom er geen functionaris gegevensbescherming is aangewezen." in text
    assert _own(app) is None


def test_an_fg_and_no_fg_at_once_is_refused(app, client, staff):
    data = _own_form(dpo_not_appointed="y", dpo_not_appointed_reason=REASON, dpo_name="F. G.")
    response = client.post("/organisaties/nieuw", data=data)
    assert response.status_code == 200
    assert "Er is een FG ingevuld" in response.get_data(as_text=True)
    assert _own(app) is None


def test_the_decision_and_reason_are_stored_audited_and_shown(app, client, staff):
    data = _own_form(dpo_not_appointed="y", dpo_not_appointed_reason=REASON)
    response = client.post("/organisaties/nieuw", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    own = _own(app)
    assert own.dpo_not_appointed is True and own.dpo_not_appointed_reason == REASON
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_type == "organisation")
        ).one()
        assert "dpo_not_appointed_reason" in str(entry.changes)
    text = client.get(f"/organisaties/{own.id}").get_data(as_text=True)
    assert f"Niet aangewezen: {REASON}" in text


def test_a_recipient_records_its_processor_agreement(app, client, staff):
    data = school_form(
        kind="recipient",
        name="Betaaldienst B.V.",
        brin="",
        kvk="",
        processor_agreement="VWO-2024-3",
    )
    assert client.post("/organisaties/nieuw", data=data).status_code == 302
    with app.app_context():
        org = db.session.scalars(sa.select(Organisation)).one()
        assert org.processor_agreement == "VWO-2024-3"
    assert "VWO-2024-3" in client.get(f"/organisaties/{org.id}").get_data(as_text=True)
