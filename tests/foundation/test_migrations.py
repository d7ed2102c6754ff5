"""Migrations: one head, and upgrading an empty database yields exactly the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import Migrate

from register.extensions import db


def test_single_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1


def test_migrated_schema_matches_models(app):
    # The session fixture built this database with `flask db upgrade` from empty.
    assert isinstance(app.extensions["migrate"].migrate, Migrate)
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []
