"""`flask audit verify`: OK for an intact chain, the first broken entry otherwise."""

import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind


def _build_trail(app, count=6):
    with app.app_context():
        for n in range(count):
            db.session.add(Organisation(kind=OrganisationKind.RECIPIENT, name=f"Ontvanger {n}"))
            db.session.commit()
        return db.session.scalars(sa.select(AuditEntry.id).order_by(AuditEntry.id)).all()


def _sql(app, statement, **params):
    with app.app_context():
        db.session.execute(sa.text(statement), params)
        db.session.commit()


def test_intact_chain_is_ok_with_the_count(app, runner):
    _build_trail(app)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert result.output.startswith("OK: 6 items")


def test_empty_trail_is_ok(app, runner):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "OK: 0 items" in result.output


def test_tampered_summary_names_the_entry(app, runner):
    ids = _build_trail(app)
    _sql(app, "UPDATE audit_entry SET summary = 'iets anders' WHERE id = :id", id=ids[3])
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"item {ids[3]} " in result.output
    assert "gewijzigd" in result.output
    assert "3 items ervoor" in result.output


def test_tampered_changes_are_detected(app, runner):
    ids = _build_trail(app)
    with app.app_context():
        entry = db.session.get(AuditEntry, ids[1])
        changes = dict(entry.changes)
        changes["name"] = [None, "Vervalst"]
        db.session.execute(
            sa.update(AuditEntry).where(AuditEntry.id == ids[1]).values(changes=changes)
        )
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"item {ids[1]} " in result.output


def test_deleted_entry_breaks_the_link_of_the_next(app, runner):
    ids = _build_trail(app)
    _sql(app, "DELETE FROM audit_entry WHERE id = :id", id=ids[2])
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"item {ids[3]} sluit niet aan op item {ids[1]}" in result.output


def test_deleted_first_entry_is_detected(app, runner):
    ids = _build_trail(app)
    _sql(app, "DELETE FROM audit_entry WHERE id = :id", id=ids[0])
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"item {ids[1]} sluit niet aan op het begin" in result.output


def test_reordered_entries_are_detected(app, runner):
    ids = _build_trail(app)
    a, b = ids[2], ids[4]
    _sql(app, "UPDATE audit_entry SET id = -1 WHERE id = :a", a=a)
    _sql(app, "UPDATE audit_entry SET id = :a WHERE id = :b", a=a, b=b)
    _sql(app, "UPDATE audit_entry SET id = :b WHERE id = -1", b=b)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"item {a} sluit niet aan" in result.output


def test_rehashed_forgery_is_still_caught_by_the_next_link(app, runner):
    """Recomputing the tampered entry's own hash does not help: the next entry disagrees."""
    from register.audit.chain import HASHED_FIELDS, entry_hash

    ids = _build_trail(app)
    with app.app_context():
        entry = db.session.get(AuditEntry, ids[2])
        fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
        fields["summary"] = "vervalst"
        forged = entry_hash(entry.prev_hash, fields)
        db.session.execute(
            sa.update(AuditEntry)
            .where(AuditEntry.id == ids[2])
            .values(summary="vervalst", hash=forged)
        )
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"item {ids[3]} sluit niet aan op item {ids[2]}" in result.output
