"""New agreements follow the current model (4.0); 3.0 only when a 3.0 agreement is replaced."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from register.agreements.models import Agreement
from register.agreements.services import template_choices
from register.extensions import db
from register.texts import get_template
from tests.agreements.test_views import VALID

MODEL_30 = "convenant-3.0/1"
MODEL_40 = "convenant-4.0/1"


def _replace(client, app, agreement_id: int) -> int:
    """Start the replacement of a signed agreement on its page; the new draft's id."""
    with app.app_context():
        version = db.session.get(Agreement, agreement_id).version
    response = client.post(
        f"/overeenkomsten/{agreement_id}/vervangen", data={"version": str(version)}
    )
    assert response.status_code == 302
    with app.app_context():
        return db.session.scalars(
            sa.select(Agreement.id).where(Agreement.supersedes_id == agreement_id)
        ).one()


def _offered(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="template"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option[^>]*value="([^"]+)"', select.group(1))


def test_a_new_agreement_is_offered_only_the_current_model(app, client, auth, reg, people):
    auth.login_as(people["privacy"])
    page = client.get(f"/overeenkomsten/nieuw?school={reg.school_id}")
    assert _offered(page.text) == [MODEL_40]

    posted = dict(VALID, products=str(reg.product_id), template=MODEL_30)
    refused = client.post(f"/overeenkomsten/nieuw?school={reg.school_id}", data=posted)
    assert refused.status_code == 200
    assert "Een nieuwe overeenkomst volgt het huidige Model Verwerkersovereenkomst 4.0" in (
        refused.text
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 0


@pytest.fixture
def signed_30(app, build) -> int:
    """A signed agreement on model 3.0, as one concluded before 4.0 would be."""
    agreement_id = build("signed")
    info = get_template("convenant-3.0", "1")
    with app.app_context():
        db.session.execute(
            sa.update(Agreement)
            .where(Agreement.id == agreement_id)
            .values(template_id=info.id, template_version=info.version, template_sha256=info.sha256)
        )
        db.session.commit()
    return agreement_id


def test_replacing_a_30_agreement_may_continue_on_30(app, client, auth, reg, people, signed_30):
    auth.login_as(people["privacy"])
    draft_id = _replace(client, app, signed_30)
    with app.app_context():
        draft = db.session.get(Agreement, draft_id)
        assert draft.template_id == "convenant-4.0"  # the current model by default
        assert [key for key, _label in template_choices(predecessor=draft.supersedes)] == [
            MODEL_40,
            MODEL_30,
        ]
    page = client.get(f"/overeenkomsten/{draft_id}/wijzigen")
    assert _offered(page.text) == [MODEL_40, MODEL_30]
    form = dict(VALID, version="1", template=MODEL_30, products=str(reg.product_id))
    assert client.post(f"/overeenkomsten/{draft_id}/wijzigen", data=form).status_code == 302
    with app.app_context():
        assert db.session.get(Agreement, draft_id).template_id == "convenant-3.0"


def test_replacing_a_40_agreement_is_not_offered_30(app, client, auth, reg, people, build):
    signed = build("signed")
    auth.login_as(people["privacy"])
    draft_id = _replace(client, app, signed)
    page = client.get(f"/overeenkomsten/{draft_id}/wijzigen")
    assert _offered(page.text) == [MODEL_40]
    form = dict(VALID, version="1", template=MODEL_30, products=str(reg.product_id))
    refused = client.post(f"/overeenkomsten/{draft_id}/wijzigen", data=form)
    assert "Een nieuwe overeenkomst volgt het huidige Model" in refused.text
    with app.app_context():
        assert db.session.get(Agreement, draft_id).template_id == "convenant-4.0"
