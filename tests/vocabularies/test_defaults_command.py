"""`flask vocabularies defaults` seeds a new database once."""

import sqlalchemy as sa

from register.extensions import db
from register.vocabularies.models import Term, Vocabulary


def test_defaults_command_is_idempotent(app, runner):
    first = runner.invoke(args=["vocabularies", "defaults"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count(Term.id)))
        purposes = db.session.scalar(
            sa.select(sa.func.count(Term.id)).where(Term.vocabulary == Vocabulary.PURPOSE)
        )
    assert f"{count} standaardtermen toegevoegd." in first.output
    assert purposes >= 8
    second = runner.invoke(args=["vocabularies", "defaults"])
    assert "0 standaardtermen toegevoegd." in second.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Term.id))) == count
