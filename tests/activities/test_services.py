"""Activity services as plain functions: versions, completeness, transitions, locking."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import sqlalchemy as sa

from register.activities.commands import DataCategoryLine, PurposeLine, TransferLine
from register.activities.errors import (
    ActivityIncomplete,
    InvalidReference,
    InvalidTransition,
    StaleActivity,
)
from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivityStatus,
    ActivityVersion,
)
from register.activities.record import record_loaders
from register.activities.services import (
    activate_activity,
    create_activity,
    refresh_missing_counts,
    retire_activity,
    update_activity,
)
from register.audit.context import Actor, acting_as
from register.audit.models import AuditEntry
from register.auth.models import UserRole
from register.organisations.models import OrganisationKind


def reload(session, activity_id):
    session.expunge_all()
    return session.scalars(
        sa.select(Activity).where(Activity.id == activity_id).options(*record_loaders())
    ).one()


def versions(session, activity_id):
    return session.scalars(
        sa.select(ActivityVersion)
        .where(ActivityVersion.activity_id == activity_id)
        .order_by(ActivityVersion.number)
    ).all()


def test_create_writes_version_one_with_the_record(session, complete_command, make_user):
    user = make_user(UserRole.PRIVACY)
    with acting_as(Actor(id=user.id, email=user.email)):
        activity = create_activity(session, complete_command())
    session.commit()
    activity = reload(session, activity.id)
    assert activity.status is ActivityStatus.DRAFT and activity.missing_count == 0
    [version] = versions(session, activity.id)
    assert (version.number, version.user_id) == (1, user.id)
    assert version.snapshot["name"] == "Nieuwsbrief"
    assert version.snapshot["purposes"][0]["legal_basis"] == "Toestemming"
    assert activity.version == 1


def test_update_adds_the_next_version_and_keeps_unchanged_parts(session, complete_command, vocab):
    activity = create_activity(session, complete_command())
    session.commit()
    purpose_id = activity.purposes[0].id
    activity = reload(session, activity.id)
    command = complete_command(
        owner="DPO",
        purposes=(
            PurposeLine(vocab.purpose2.id, vocab.consent.id),
            PurposeLine(vocab.purpose.id, vocab.interest.id, legitimate_interest="Dienstverlening"),
        ),
    )
    update_activity(session, activity, command, expected_version=1)
    session.commit()
    activity = reload(session, activity.id)
    assert activity.owner == "DPO" and activity.version == 2
    assert [p.id for p in activity.purposes][0] == purpose_id
    assert [v.number for v in versions(session, activity.id)] == [1, 2]
    assert versions(session, activity.id)[1].snapshot["owner"] == "DPO"


def test_changing_only_a_part_still_bumps_the_version(session, complete_command, vocab):
    activity = create_activity(session, complete_command())
    session.commit()
    activity = reload(session, activity.id)
    command = complete_command(
        data_categories=(DataCategoryLine(vocab.email.id, vocab.teachers.id, is_required=False),)
    )
    update_activity(session, activity, command, expected_version=1)
    session.commit()
    activity = reload(session, activity.id)
    assert activity.version == 2
    assert activity.data_categories[0].is_required is False
    assert session.scalar(sa.select(sa.func.count(ActivityDataCategory.id))) == 1


def test_stale_version_overwrites_nothing(session, complete_command):
    activity = create_activity(session, complete_command())
    session.commit()
    activity = reload(session, activity.id)
    update_activity(session, activity, complete_command(owner="Eerste"), expected_version=1)
    session.commit()
    activity = reload(session, activity.id)
    with pytest.raises(StaleActivity) as caught:
        update_activity(session, activity, complete_command(owner="Tweede"), expected_version=1)
    assert caught.value.current_version == 2
    session.rollback()
    assert reload(session, activity.id).owner == "Eerste"


def test_concurrent_write_is_detected_at_flush(app, session, complete_command):
    from register.extensions import db

    activity = create_activity(session, complete_command())
    session.commit()
    activity = reload(session, activity.id)
    # Another connection saves in between our read and our write.
    with db.engine.begin() as other:
        other.execute(sa.update(Activity).values(version=Activity.version + 1))
    with pytest.raises(StaleActivity):
        update_activity(session, activity, complete_command(owner="X"), expected_version=1)


def test_activation_lists_every_missing_item(session, complete_command):
    activity = create_activity(session, complete_command(purposes=(), retention_rules=(), owner=""))
    session.commit()
    assert activity.missing_count == 3
    with pytest.raises(ActivityIncomplete) as caught:
        activate_activity(session, activity)
    assert [i.code for i in caught.value.items] == ["purposes", "retention", "owner"]
    session.rollback()
    assert reload(session, activity.id).status is ActivityStatus.DRAFT


def test_create_and_activate_at_once_needs_a_complete_record(session, complete_command):
    with pytest.raises(ActivityIncomplete):
        create_activity(session, complete_command(security_measure_ids=()), activate=True)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count(Activity.id))) == 0
    activity = create_activity(session, complete_command(), activate=True)
    assert activity.status is ActivityStatus.ACTIVE


def test_activate_records_a_named_audit_action(session, complete_command):
    activity = create_activity(session, complete_command())
    session.commit()
    activate_activity(session, reload(session, activity.id))
    session.commit()
    actions = session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.entity_type == "activity")
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["create", "activate"]
    assert [v.snapshot["status"] for v in versions(session, activity.id)] == ["draft", "active"]


def test_an_active_activity_cannot_lose_mandatory_items(session, complete_command):
    activity = create_activity(session, complete_command(), activate=True)
    session.commit()
    with pytest.raises(ActivityIncomplete) as caught:
        update_activity(session, reload(session, activity.id), complete_command(purposes=()), 1)
    assert [i.code for i in caught.value.items] == ["purposes"]


def test_special_category_needs_a_condition_for_activation(session, complete_command, vocab):
    command = complete_command(
        data_categories=(DataCategoryLine(vocab.health.id, vocab.teachers.id),)
    )
    with pytest.raises(ActivityIncomplete) as caught:
        create_activity(session, command, activate=True)
    assert [i.code for i in caught.value.items] == ["special_condition"]
    session.rollback()
    fixed = replace(
        command, purposes=(PurposeLine(vocab.purpose2.id, vocab.consent.id, vocab.condition.id),)
    )
    assert create_activity(session, fixed, activate=True).status is ActivityStatus.ACTIVE


@pytest.mark.parametrize("status", [ActivityStatus.DRAFT, ActivityStatus.ACTIVE])
def test_retire_keeps_the_row_with_reason(session, complete_command, status):
    activity = create_activity(
        session, complete_command(), activate=status is ActivityStatus.ACTIVE
    )
    session.commit()
    retire_activity(session, reload(session, activity.id), "  Dienst gestopt ")
    session.commit()
    activity = reload(session, activity.id)
    assert activity.status is ActivityStatus.RETIRED
    assert activity.retired_reason == "Dienst gestopt" and activity.retired_at is not None
    entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "retire")).one()
    assert entry.summary == "Dienst gestopt"
    assert versions(session, activity.id)[-1].snapshot["retired_reason"] == "Dienst gestopt"


@pytest.mark.parametrize(
    ("action", "error"),
    [
        (lambda s, a, c: retire_activity(s, a, "nogmaals"), InvalidTransition),
        (lambda s, a, c: activate_activity(s, a), InvalidTransition),
        (lambda s, a, c: update_activity(s, a, c(), a.version), InvalidTransition),
    ],
)
def test_a_retired_activity_is_final(session, complete_command, action, error):
    activity = create_activity(session, complete_command())
    retire_activity(session, activity, "Gestopt")
    session.commit()
    with pytest.raises(error):
        action(session, reload(session, activity.id), complete_command)


def test_retire_needs_a_reason(session, complete_command):
    activity = create_activity(session, complete_command())
    with pytest.raises(InvalidTransition):
        retire_activity(session, activity, "   ")


def test_activate_twice_is_invalid(session, complete_command):
    activity = create_activity(session, complete_command(), activate=True)
    with pytest.raises(InvalidTransition):
        activate_activity(session, activity)


def test_processor_needs_a_licence_for_its_product(
    session, processor_command, make_organisation, make_licence
):
    activity = create_activity(session, processor_command())
    session.commit()
    assert activity.missing_count == 1
    with pytest.raises(ActivityIncomplete) as caught:
        activate_activity(session, reload(session, activity.id))
    assert caught.value.items[0].code == "controllers"
    session.rollback()
    school = make_organisation(OrganisationKind.SCHOOL)
    make_licence(school, processor_command.product, start_date=dt.date(2020, 1, 1))
    assert refresh_missing_counts(session) == 0  # committing the licence recounted it
    session.commit()
    activity = reload(session, activity.id)
    assert activity.missing_count == 0 and activity.version == 1
    activate_activity(session, activity)


def test_an_expired_licence_does_not_count(
    session, processor_command, make_organisation, make_licence
):
    school = make_organisation(OrganisationKind.SCHOOL)
    make_licence(
        school,
        processor_command.product,
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2020, 1, 1),
    )
    assert create_activity(session, processor_command()).missing_count == 1


def test_missing_own_organisation_counts(session, vocab, complete_command):
    from register.organisations.models import Organisation

    session.execute(sa.delete(Organisation))
    activity = create_activity(session, complete_command())
    assert activity.missing_count == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"purposes": (PurposeLine(purpose_id=999_999),)},
        {"data_subject_ids": (999_999,)},
        {"product_id": 999_999},
        {"recipient_ids": (999_999,)},
    ],
)
def test_unknown_references_are_refused(session, complete_command, changes):
    with pytest.raises(InvalidReference):
        create_activity(session, complete_command(**changes))


def test_a_term_from_the_wrong_vocabulary_is_refused(session, complete_command, vocab):
    with pytest.raises(InvalidReference):
        create_activity(session, complete_command(data_subject_ids=(vocab.email.id,)))


def test_a_subprocessor_must_be_a_subprocessor_organisation(
    session, processor_command, make_organisation
):
    from register.activities.commands import SubprocessorLine

    school = make_organisation(OrganisationKind.SCHOOL)
    with pytest.raises(InvalidReference):
        create_activity(
            session, processor_command(subprocessors=(SubprocessorLine(school.id, "x", "NL"),))
        )


def test_transfers_and_removed_parts(session, complete_command, vocab):
    activity = create_activity(
        session,
        complete_command(
            transfers=(TransferLine("Verenigde Staten", "Mailer Inc", vocab.scc.id, ""),)
        ),
    )
    session.commit()
    update_activity(
        session, reload(session, activity.id), complete_command(purposes=()), expected_version=1
    )
    session.commit()
    activity = reload(session, activity.id)
    assert activity.transfers == [] and activity.purposes == []
    assert session.scalar(sa.select(sa.func.count(ActivityPurpose.id))) == 0
