"""The audit trail: every change is recorded and the entries form a hash chain."""

import sqlalchemy as sa

from register.audit.chain import entry_hash
from register.audit.context import Actor, acting_as
from register.audit.models import GENESIS_HASH, AuditEntry
from register.organisations.models import Organisation, OrganisationKind


def _entries(session):
    return session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_create_update_delete_are_recorded_with_old_and_new_values(session):
    with acting_as(Actor(id=7, email="priv@example.nl", ip="10.0.0.1")):
        org = Organisation(kind=OrganisationKind.SCHOOL, name="Stichting A", brin="12AB")
        session.add(org)
        session.commit()
        org.name = "Stichting B"
        session.commit()
        session.delete(org)
        session.commit()
    entries = _entries(session)
    assert [e.action for e in entries] == ["create", "update", "delete"]
    create, update, _ = entries
    assert create.changes["name"] == [None, "Stichting A"]
    assert create.changes["kind"] == [None, "school"]
    assert update.changes == {"name": ["Stichting A", "Stichting B"]}
    assert {e.actor_email for e in entries} == {"priv@example.nl"}
    assert {e.ip for e in entries} == {"10.0.0.1"}
    assert {e.entity_id for e in entries} == {str(create.entity_id)}


def test_entries_chain_by_hash(session):
    for name in ("Een", "Twee", "Drie"):
        session.add(Organisation(kind=OrganisationKind.RECIPIENT, name=name))
        session.commit()
    entries = _entries(session)
    assert entries[0].prev_hash == GENESIS_HASH
    for previous, entry in zip(entries, entries[1:]):
        assert entry.prev_hash == previous.hash
    for entry in entries:
        fields = {
            c: getattr(entry, c)
            for c in (
                "created_at",
                "actor_id",
                "actor_email",
                "ip",
                "action",
                "entity_type",
                "entity_id",
                "summary",
                "changes",
            )
        }
        assert entry_hash(entry.prev_hash, fields) == entry.hash


def test_rolled_back_change_leaves_no_entry(session):
    session.add(Organisation(kind=OrganisationKind.RECIPIENT, name="Weg"))
    session.flush()
    session.rollback()
    assert _entries(session) == []
