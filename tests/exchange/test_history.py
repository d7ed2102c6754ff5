"""The register as it stood on a past date: newest version by the end of that Dutch day."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy import event

from register.activities.models import Activity, ActivityVersion
from register.activities.record import activity_record
from register.calendar import today
from register.exchange.exporting.dataset import end_of_day, load_register
from register.exchange.exporting.services import ExportCommand, export_register
from register.extensions import db


def _version(session, activity_id, number, when, name):
    activity = session.get(Activity, activity_id)
    snapshot = {**activity_record(activity), "name": name}
    session.add(
        ActivityVersion(activity_id=activity_id, number=number, created_at=when, snapshot=snapshot)
    )


def _timeline(session, register):
    session.execute(sa.delete(ActivityVersion))
    controller, processor = register["controller_id"], register["processor_id"]
    _version(session, controller, 1, dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC), "Nieuwsbrief v1")
    # 23:30 in Amsterdam on 31 January (UTC+1): still that day.
    _version(
        session, controller, 2, dt.datetime(2026, 1, 31, 22, 30, tzinfo=dt.UTC), "Nieuwsbrief v2"
    )
    # 00:30 in Amsterdam on 1 February: the next day, although still 31 January in UTC.
    _version(
        session, controller, 3, dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.UTC), "Nieuwsbrief v3"
    )
    _version(session, processor, 1, dt.datetime(2026, 2, 5, 9, tzinfo=dt.UTC), "DOENIN v1")
    session.commit()


def test_end_of_day_is_dutch_midnight():
    assert end_of_day(dt.date(2026, 1, 31)) == dt.datetime(2026, 1, 31, 23, tzinfo=dt.UTC)
    assert end_of_day(dt.date(2026, 7, 31)) == dt.datetime(2026, 7, 31, 22, tzinfo=dt.UTC)


def test_records_as_of_take_the_newest_version_of_that_day(session, register):
    _timeline(session, register)
    names = lambda day: [r["name"] for r in load_register(session, as_of=day).records]  # noqa: E731
    assert names(dt.date(2026, 1, 9)) == []
    assert names(dt.date(2026, 1, 30)) == ["Nieuwsbrief v1"]
    assert names(dt.date(2026, 1, 31)) == ["Nieuwsbrief v2"]
    assert names(dt.date(2026, 2, 1)) == ["Nieuwsbrief v3"]
    assert names(dt.date(2026, 2, 5)) == ["Nieuwsbrief v3", "DOENIN v1"]


def test_every_export_format_takes_the_date(session, register):
    _timeline(session, register)
    document = json.loads(
        export_register(session, ExportCommand("json", as_of=dt.date(2026, 1, 31))).data
    )
    assert [a["name"] for a in document["activities"]] == ["Nieuwsbrief v2"]
    assert document["as_of"] == "2026-01-31"
    assert document["activities"][0]["id"] == register["controller_id"]
    csv_file = export_register(
        session, ExportCommand("csv", as_of=dt.date(2026, 1, 31), record="controller")
    )
    assert "Nieuwsbrief v2" in csv_file.data.decode("utf-8-sig")
    assert csv_file.filename == "verwerkingsregister-2026-01-31-controller.csv"


def _count_queries(session, action):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_a_fixed_number_of_queries_however_many_activities(session, register, make_activity):
    def run(as_of):
        session.expire_all()
        return _count_queries(session, lambda: load_register(session, as_of=as_of))

    current_before, past_before = run(None), run(today())
    for n in range(5):
        activity = Activity(
            name=f"Extra {n}", role=session.get(Activity, register["controller_id"]).role
        )
        session.add(activity)
        session.flush()
        session.add(
            ActivityVersion(activity_id=activity.id, number=1, snapshot=activity_record(activity))
        )
    session.commit()
    assert run(None) == current_before
    assert run(today()) == past_before
    assert len(load_register(session).records) == 7
