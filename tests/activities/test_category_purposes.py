"""Each data category names the activity's purposes it serves (none named: all of them):
stored, versioned, on the form, refused when foreign, and shown per category in the leaflet."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from register.activities.commands import DataCategoryLine, PurposeLine
from register.activities.errors import InvalidReference
from register.activities.models import Activity, ActivityDataCategory
from register.activities.record import activity_record
from register.activities.services import create_activity, update_activity
from register.auth.models import UserRole
from register.extensions import db


@pytest.fixture
def two_purposes(complete_command, vocab):
    """A command with two purposes; e-mail serves only the newsletter, health data both."""

    def factory(**changes):
        return complete_command(
            purposes=(PurposeLine(vocab.purpose.id), PurposeLine(vocab.purpose2.id)),
            data_categories=(
                DataCategoryLine(vocab.email.id, purpose_ids=(vocab.purpose2.id,)),
                DataCategoryLine(vocab.health.id),
            ),
            **changes,
        )

    return factory


def test_a_category_keeps_the_purposes_it_serves(app, two_purposes, vocab):
    with app.app_context():
        activity = create_activity(db.session, two_purposes())
        db.session.commit()
        record = activity_record(db.session.get(Activity, activity.id))
        served = {c["category"]: c["purposes"] for c in record["data_categories"]}
        assert served == {"E-mailadres": ["Nieuwsbrief versturen"], "Gezondheid": []}
        assert activity.versions[-1].snapshot["data_categories"][0]["purposes"] == [
            "Nieuwsbrief versturen"
        ]


def test_changing_the_purposes_of_a_category_keeps_its_row(app, two_purposes, vocab):
    with app.app_context():
        activity = create_activity(db.session, two_purposes())
        db.session.commit()
        row_ids = [c.id for c in activity.data_categories]
        command = two_purposes()
        changed = replace(
            command,
            data_categories=(
                DataCategoryLine(vocab.email.id, purpose_ids=(vocab.purpose.id,)),
                DataCategoryLine(vocab.health.id),
            ),
        )
        update_activity(db.session, activity, changed, activity.version)
        db.session.commit()
        rows = db.session.scalars(
            sa.select(ActivityDataCategory).order_by(ActivityDataCategory.id)
        ).all()
        assert [r.id for r in rows] == row_ids
        assert [t.label for t in rows[0].purposes] == ["Onderwijs leveren"]
        assert len(activity.versions) == 2


def test_a_purpose_the_activity_does_not_have_is_refused(app, complete_command, vocab):
    command = complete_command(
        data_categories=(DataCategoryLine(vocab.email.id, purpose_ids=(vocab.purpose.id,)),)
    )
    with app.app_context():
        with pytest.raises(InvalidReference):
            create_activity(db.session, command)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Activity.id))) == 0


def test_the_form_offers_the_chosen_purposes_per_category(app, vocab, form_data):
    from register.activities.choices import load_choices
    from register.activities.forms import ActivityForm

    data = form_data(**{"data_categories-0-purpose_ids": str(vocab.purpose2.id)})
    with app.test_request_context(method="POST", data=data):
        form = ActivityForm(load_choices(db.session))
        assert form.validate(), form.errors
        assert form.data_categories[0].purpose_ids.choices == [
            (vocab.purpose2.id, "Nieuwsbrief versturen")
        ]
        assert form.to_command().data_categories[0].purpose_ids == (vocab.purpose2.id,)

    foreign = form_data(**{"data_categories-0-purpose_ids": str(vocab.purpose.id)})
    with app.test_request_context(method="POST", data=foreign):
        form = ActivityForm(load_choices(db.session))
        assert not form.validate()
        assert form.data_categories[0].purpose_ids.errors == ["Kies alleen waarden uit de lijst."]


def test_the_edit_form_and_the_record_page_show_the_choice(
    app, client, auth, make_user, two_purposes
):
    with app.app_context():
        activity_id = create_activity(db.session, two_purposes()).id
        db.session.commit()
    auth.login_as(make_user(UserRole.PRIVACY))
    form = client.get(f"/verwerkingen/{activity_id}/bewerken").get_data(as_text=True)
    assert 'checked id="data_categories-0-purpose_ids-1"' in form
    assert 'id="data_categories-0-purpose_ids-0"' in form
    assert 'checked id="data_categories-0-purpose_ids-0"' not in form
    page = client.get(f"/verwerkingen/{activity_id}").get_data(as_text=True)
    assert "Nieuwsbrief versturen" in page and "Alle doelen" in page
