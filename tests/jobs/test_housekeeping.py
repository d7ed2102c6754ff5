"""The nightly cleanup of create forms' claims (`register.jobs.housekeeping`)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from register.db import utcnow
from register.extensions import db
from register.form_tokens import FormToken, new_form_token
from register.jobs.housekeeping import delete_old_form_tokens, form_token_cleanup


def _claim(age: dt.timedelta) -> str:
    token = new_form_token()
    db.session.add(FormToken(token=token, location="/verwerkingen/1", created_at=utcnow() - age))
    return token


def _tokens() -> set[str]:
    return set(db.session.scalars(sa.select(FormToken.token)))


def test_the_nightly_task_deletes_old_claims_in_a_real_worker(make_app, run_jobs):
    app = make_app(FORM_TOKEN_RETENTION_DAYS=3)
    with app.app_context():
        old = _claim(dt.timedelta(days=3, minutes=1))
        recent = _claim(dt.timedelta(days=2, hours=23))
        fresh = _claim(dt.timedelta(0))
        db.session.commit()
    form_token_cleanup()  # what the scheduler does at night: queue the task
    assert run_jobs(app) >= 1
    with app.app_context():
        assert _tokens() == {recent, fresh}
        assert old not in _tokens()


def test_running_the_cleanup_twice_deletes_nothing_more(make_app):
    app = make_app()  # the default term: 7 days
    with app.app_context():
        kept = _claim(dt.timedelta(days=6))
        _claim(dt.timedelta(days=8))
        db.session.commit()
    assert delete_old_form_tokens(app) == 1
    assert delete_old_form_tokens(app) == 0
    with app.app_context():
        assert _tokens() == {kept}
