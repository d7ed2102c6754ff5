"""The field catalogue is the one declaration of an activity's fields: everything agrees."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from register.activities.catalogue import ACTIVITY_FIELDS, Kind, scalar_fields
from register.activities.commands import ActivityCommand
from register.activities.diff import Change
from register.activities.models import Activity
from register.activities.record import activity_record
from register.exchange.columns import ACTIVITY_COLUMNS
from register.exchange.importing.limits import MAX_LENGTHS


def test_every_scalar_field_is_a_column_and_a_command_attribute():
    command_fields = {f.name for f in dataclasses.fields(ActivityCommand)}
    columns = sa.inspect(Activity).columns
    for name, field in scalar_fields():
        assert name in command_fields, field.path
        assert name in columns, field.path


def test_the_record_has_the_catalogue_items_in_catalogue_order(session, make_activity):
    activity = session.get(Activity, make_activity(data_source="Leerlingvolgsysteem").id)
    record = activity_record(activity)
    top = list(dict.fromkeys(f.path.split(".")[0] for f in ACTIVITY_FIELDS))
    assert list(record) == ["format", *top]
    assert record["data_source"] == "Leerlingvolgsysteem"


def test_exports_limits_and_labels_follow_the_catalogue(app):
    paths = {c.path for c in ACTIVITY_COLUMNS}
    for field in ACTIVITY_FIELDS:
        if field.kind is Kind.ROWS:
            assert {f"{field.path}.{p.name}" for p in field.parts} <= paths
        else:
            assert field.path in paths
        if field.max_length is not None:
            assert MAX_LENGTHS[field.path] == field.max_length
    assert MAX_LENGTHS["data_source"] == 300
    with app.test_request_context():
        assert Change("data_source").label == "Bron van de gegevens"
