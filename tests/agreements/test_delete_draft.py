"""A draft agreement that was never sent can be deleted (confirmed, audited); one the school
has seen is refused with a Dutch reason."""

from __future__ import annotations

import sqlalchemy as sa

from register.agreements.models import Agreement
from register.audit.models import AuditEntry
from register.extensions import db


def _version(app, agreement_id: int) -> int:
    with app.app_context():
        agreement = db.session.get(Agreement, agreement_id)
        assert agreement is not None
        return agreement.version


def test_a_draft_never_sent_is_deleted_after_confirmation(app, client, auth, build, people):
    agreement_id = build("draft")
    auth.login_as(people["privacy"])
    url = f"/overeenkomsten/{agreement_id}/verwijderen"

    refused = client.post(url, data={"version": _version(app, agreement_id)})
    assert refused.status_code == 400 and "Bevestig eerst dat u dit wilt" in refused.text

    done = client.post(url, data={"version": _version(app, agreement_id), "confirmed": "y"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Agreement, agreement_id) is None
        entry = db.session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.action == "delete", AuditEntry.entity_type == "agreement"
            )
        ).one()
        assert entry.entity_id == str(agreement_id)


def test_an_agreement_the_school_has_seen_is_refused(app, client, auth, build, people):
    agreement_id = build("in_review")
    auth.login_as(people["privacy"])
    refused = client.post(
        f"/overeenkomsten/{agreement_id}/verwijderen",
        data={"version": _version(app, agreement_id), "confirmed": "y"},
        follow_redirects=True,
    )
    assert "Alleen een concept dat nooit naar de school is verzonden" in refused.text
    with app.app_context():
        assert db.session.get(Agreement, agreement_id) is not None
