"""A draft that was never active can be deleted (confirmed, audited); anything that was
ever active is refused with a Dutch reason and stays."""

from __future__ import annotations

import sqlalchemy as sa

from register.activities.models import Activity, ActivityStatus, ActivityVersion
from register.activities.services import create_activity
from register.audit.models import AuditEntry
from register.auth.models import UserRole
from register.extensions import db


def _create(app, complete_command, activate: bool = False) -> int:
    with app.app_context():
        activity = create_activity(db.session, complete_command(), activate=activate)
        db.session.commit()
        return activity.id


def _post(client, activity_id: int, **extra: str):
    with client.application.app_context():
        version = db.session.get(Activity, activity_id).version
    return client.post(
        f"/verwerkingen/{activity_id}/verwijderen",
        data={"version": str(version), **extra},
        follow_redirects=True,
    )


def test_a_never_active_draft_is_deleted_after_confirmation(
    app, client, auth, make_user, complete_command
):
    activity_id = _create(app, complete_command)
    auth.login_as(make_user(UserRole.PRIVACY))
    assert "Concept verwijderen" in client.get(f"/verwerkingen/{activity_id}").text

    unconfirmed = _post(client, activity_id)
    assert "Bevestig eerst dat u dit concept wilt verwijderen." in unconfirmed.text
    with app.app_context():
        assert db.session.get(Activity, activity_id) is not None

    deleted = _post(client, activity_id, confirmed="y")
    assert "is verwijderd" in deleted.text
    with app.app_context():
        assert db.session.get(Activity, activity_id) is None
        assert not db.session.scalars(
            sa.select(ActivityVersion).where(ActivityVersion.activity_id == activity_id)
        ).all()
        entry = db.session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.action == "delete", AuditEntry.entity_type == "activity"
            )
        ).one()
        assert entry.entity_id == str(activity_id)


def test_an_activity_that_was_ever_active_is_refused(
    app, client, auth, make_user, complete_command
):
    activity_id = _create(app, complete_command, activate=True)
    with app.app_context():
        # Back to draft is not a way around it: its history shows it was active.
        activity = db.session.get(Activity, activity_id)
        activity.status = ActivityStatus.DRAFT
        db.session.commit()
    auth.login_as(make_user(UserRole.PRIVACY))
    refused = _post(client, activity_id, confirmed="y")
    assert "Alleen een concept dat nooit actief is geweest kan worden verwijderd." in refused.text
    with app.app_context():
        assert db.session.get(Activity, activity_id) is not None


def test_an_auditor_may_not_delete(app, client, auth, make_user, complete_command):
    activity_id = _create(app, complete_command)
    auth.login_as(make_user(UserRole.AUDITOR))
    response = client.post(
        f"/verwerkingen/{activity_id}/verwijderen", data={"version": "1", "confirmed": "y"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Activity, activity_id) is not None
