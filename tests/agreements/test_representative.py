"""One source for each party's representative: party clause, signature page, both forms."""

from __future__ import annotations

import re

import pytest

from register.agreements.errors import MissingRegisterData
from register.agreements.lifecycle import send_agreement
from register.agreements.states import AgreementState
from register.extensions import db
from tests.agreements.conftest import TIMEOUT, load, user
from tests.agreements.seed import PARTICULARS


def _value(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'<input[^>]*value="([^"]*)"[^>]*name="{name}"', html
    )
    assert found is not None, name
    return found.group(1)


def test_both_signing_forms_are_prefilled_from_the_agreement(app, client, auth, people, build):
    agreement_id = build("awaiting")
    auth.login_as(people["privacy"])
    staff = client.get(f"/overeenkomsten/{agreement_id}").text
    assert (_value(staff, "name"), _value(staff, "function")) == ("M. Bakker", "Directeur")
    auth.logout()
    auth.login_as(people["school"])
    school = client.get(f"/portaal/{agreement_id}").text
    assert (_value(school, "name"), _value(school, "function")) == (
        "J. de Vries",
        "Voorzitter College van Bestuur",
    )


def test_sending_is_refused_while_a_representative_is_incomplete(app, reg, people):
    particulars = dict(PARTICULARS, processor_signatory={"name": "M. Bakker", "function": ""})
    with app.app_context():
        from register.agreements.services import create_agreement

        staff = user(db.session, people["privacy"])
        agreement = create_agreement(db.session, reg.command(particulars=particulars))
        db.session.commit()
        with pytest.raises(MissingRegisterData) as refused:
            send_agreement(db.session, agreement, user=staff, ip="192.0.2.1", timeout=TIMEOUT)
        assert "Naam en functie van de vertegenwoordiger ontbreken voor: de verwerker" in str(
            refused.value.message
        )
        db.session.rollback()
        assert load(agreement.id).state is AgreementState.DRAFT
