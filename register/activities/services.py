"""Activity services: create, update, activate and retire, each writing a version.

They flush and never commit; the view or CLI command commits once. Every change writes an
`ActivityVersion` with the canonical record in the same flush and keeps
`Activity.missing_count` up to date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from register.activities.apply import apply_command
from register.activities.commands import ActivityCommand, ImportCommand
from register.activities.completeness import RegisterFacts, mandatory_missing
from register.activities.errors import ActivityIncomplete, InvalidTransition, StaleActivity
from register.activities.facts import load_facts
from register.activities.models import Activity, ActivityStatus, ActivityVersion
from register.activities.record import activity_record, record_loaders
from register.audit.context import current_actor
from register.audit.recorder import set_audit_action
from register.breaches.models import breach_activity
from register.db import table_of, utcnow

MAX_REASON = 2000


def _flush(session: Session, activity: Activity) -> None:
    try:
        session.flush()
    except StaleDataError as error:
        # A concurrent request saved the same activity between our read and our write.
        # (The session is unusable now: read the version without loading anything.)
        raise StaleActivity(sa.inspect(activity).dict.get("version", 0)) from error


def _recount(activity: Activity, facts: RegisterFacts) -> int:
    """Set `missing_count` from the activity's record; return it."""
    count = len(mandatory_missing(activity_record(activity), facts))
    if activity.missing_count != count:
        activity.missing_count = count
    return count


def _write_versions(session: Session, activities: Sequence[Activity]) -> None:
    """Save, and store each activity's record as its next version (one query for all).

    Each service call updates the activity row exactly once, so `Activity.version` (the
    optimistic-locking counter) equals the number of its newest `ActivityVersion`.
    """
    if not activities:
        return
    stored = [a.id for a in activities if a.id is not None]
    _flush(session, activities[0])
    numbers: dict[int, int] = {}
    if stored:
        numbers = {
            activity_id: number
            for activity_id, number in session.execute(
                sa.select(ActivityVersion.activity_id, sa.func.max(ActivityVersion.number))
                .where(ActivityVersion.activity_id.in_(stored))
                .group_by(ActivityVersion.activity_id)
            )
        }
    user_id = current_actor().id
    for activity in activities:
        session.add(
            ActivityVersion(
                activity_id=activity.id,
                number=numbers.get(activity.id, 0) + 1,
                user_id=user_id,
                snapshot=activity_record(activity),
            )
        )
    _flush(session, activities[0])


def _write_version(session: Session, activity: Activity, facts: RegisterFacts) -> None:
    """Recount the missing items, save, and store the record as the next version."""
    _recount(activity, facts)
    _write_versions(session, [activity])


def _touch(activity: Activity) -> None:
    # Always update the activity row, so its version counter guards changes of its parts too.
    activity.updated_at = utcnow()


def _require_complete(activity: Activity, facts: RegisterFacts) -> None:
    missing = mandatory_missing(activity_record(activity), facts)
    if missing:
        raise ActivityIncomplete(missing)


def create_activity(
    session: Session, command: ActivityCommand, *, activate: bool = False
) -> Activity:
    """Add an activity to the register as a draft (or active, when complete)."""
    facts = load_facts(session)
    activity = Activity(status=ActivityStatus.DRAFT, missing_count=0)
    apply_command(session, activity, command)
    session.add(activity)
    if activate:
        _require_complete(activity, facts)
        activity.status = ActivityStatus.ACTIVE
    _write_version(session, activity, facts)
    return activity


def update_activity(
    session: Session,
    activity: Activity,
    command: ActivityCommand,
    expected_version: int,
    *,
    activate: bool = False,
) -> Activity:
    """Change an activity that nobody else changed since `expected_version`."""
    if activity.version != expected_version:
        raise StaleActivity(activity.version)
    if activity.status is ActivityStatus.RETIRED:
        raise InvalidTransition(_("Een beëindigde verwerking kan niet meer worden gewijzigd."))
    facts = load_facts(session)
    before = {item.message for item in mandatory_missing(activity_record(activity), facts)}
    apply_command(session, activity, command)
    _touch(activity)
    if activate or activity.status is ActivityStatus.ACTIVE:
        missing = mandatory_missing(activity_record(activity), facts)
        # An active activity may not lose mandatory items (gaps it already had don't block).
        if (activate and missing) or any(item.message not in before for item in missing):
            raise ActivityIncomplete(missing)
    if activate and activity.status is ActivityStatus.DRAFT:
        activity.status = ActivityStatus.ACTIVE
        set_audit_action(session, activity, "activate", activity.name)
    _write_version(session, activity, facts)
    return activity


def _check_version(activity: Activity, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != activity.version:
        raise StaleActivity(activity.version)


def activate_activity(
    session: Session, activity: Activity, expected_version: int | None = None
) -> Activity:
    """Make a complete draft activity part of the active register."""
    _check_version(activity, expected_version)
    if activity.status is not ActivityStatus.DRAFT:
        raise InvalidTransition(_("Alleen een concept kan worden geactiveerd."))
    facts = load_facts(session)
    _require_complete(activity, facts)
    activity.status = ActivityStatus.ACTIVE
    set_audit_action(session, activity, "activate", activity.name)
    _write_version(session, activity, facts)
    return activity


def retire_activity(
    session: Session, activity: Activity, reason: str, expected_version: int | None = None
) -> Activity:
    """End an activity with a reason; it stays in the register's history (never deleted)."""
    _check_version(activity, expected_version)
    reason = reason.strip()
    if activity.status is ActivityStatus.RETIRED:
        raise InvalidTransition(_("Deze verwerking is al beëindigd."))
    if not reason:
        raise InvalidTransition(_("Geef de reden van beëindiging op."))
    activity.status = ActivityStatus.RETIRED
    activity.retired_at = utcnow()
    activity.retired_reason = reason[:MAX_REASON]
    set_audit_action(session, activity, "retire", reason[:200])
    _write_version(session, activity, load_facts(session))
    return activity


def delete_draft_activity(
    session: Session, activity: Activity, expected_version: int | None = None
) -> None:
    """Delete a draft that was never active (a mistake or a duplicate); audited.

    An activity that was ever active stays in the register's history: retire it instead.
    """
    _check_version(activity, expected_version)
    statuses = session.scalars(
        sa.select(ActivityVersion.snapshot).where(ActivityVersion.activity_id == activity.id)
    )
    if activity.status is not ActivityStatus.DRAFT or any(
        snapshot.get("status", "draft") != ActivityStatus.DRAFT.value for snapshot in statuses
    ):
        raise InvalidTransition(
            _(
                "Alleen een concept dat nooit actief is geweest kan worden verwijderd. "
                "Beëindig deze verwerking in plaats daarvan; zij blijft dan in de geschiedenis."
            )
        )
    linked = session.scalar(
        sa.select(sa.func.count())
        .select_from(breach_activity)
        .where(breach_activity.c.activity_id == activity.id)
    )
    if linked:
        raise InvalidTransition(
            _("Dit concept hoort bij een vastgelegd datalek en kan niet worden verwijderd.")
        )
    set_audit_action(session, activity, "delete", activity.name[:200])
    for version in activity.versions:
        session.delete(version)
    session.delete(activity)
    session.flush()


def import_activities(
    session: Session, items: Sequence[tuple[Activity | None, ImportCommand]]
) -> tuple[list[Activity], list[str]]:
    """Write activities as a file describes them (new, or replacing an existing one).

    Status and retirement are taken from the file, but the activation rule holds: an active
    record that lacks a mandatory art. 30 item is stored as a draft. Returns the written
    activities and the names of those demoted to drafts.
    """
    facts = load_facts(session)
    activities: list[Activity] = []
    demoted: list[str] = []
    with session.no_autoflush:
        for existing, item in items:
            activity = existing or Activity(missing_count=0)
            apply_command(session, activity, item.activity)
            _set_status(activity, item)
            _touch(activity)
            if _recount(activity, facts) and activity.status is ActivityStatus.ACTIVE:
                activity.status = ActivityStatus.DRAFT
                demoted.append(activity.name)
            session.add(activity)
            activities.append(activity)
    _write_versions(session, activities)
    return activities, demoted


def _set_status(activity: Activity, item: ImportCommand) -> None:
    activity.status = item.status
    activity.retired_reason = item.retired_reason
    if item.status is ActivityStatus.RETIRED:
        activity.retired_at = activity.retired_at or item.retired_at or utcnow()
    else:
        activity.retired_at = None


def refresh_missing_counts(session: Session, activity_ids: Iterable[int] | None = None) -> int:
    """Recount `missing_count` (e.g. after licences or the own organisation changed).

    The count is derived data, so it is written with a plain UPDATE that neither bumps the
    optimistic-locking version (open forms stay valid) or the last-change time nor adds a
    history version.
    """
    statement = sa.select(Activity).options(*record_loaders())
    if activity_ids is not None:
        statement = statement.where(Activity.id.in_(list(activity_ids)))
    facts = load_facts(session)
    changed = []
    for activity in session.scalars(statement):
        count = len(mandatory_missing(activity_record(activity), facts))
        if activity.missing_count != count:
            changed.append({"activity_id": activity.id, "count": count})
    if changed:
        table = table_of(Activity)
        session.execute(
            table.update()
            .where(table.c.id == sa.bindparam("activity_id"))
            .values(missing_count=sa.bindparam("count"), updated_at=table.c.updated_at),
            changed,
        )
        session.expire_all()
    return len(changed)
