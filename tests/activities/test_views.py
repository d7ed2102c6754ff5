"""HTTP: who may do what, the overview, the record page, create, edit, retire, history."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from register.activities.models import Activity, ActivityStatus, ActivityVersion
from register.activities.services import create_activity, update_activity
from register.auth.models import UserRole
from register.extensions import db
from register.organisations.models import OrganisationKind
from tests.activities.conftest import table_counts


@pytest.fixture
def activity(app, complete_command):
    with app.app_context():
        created = create_activity(db.session, complete_command())
        db.session.commit()
        return created.id


@pytest.mark.parametrize(
    ("role", "method", "path", "expected"),
    [
        (None, "get", "/verwerkingen/", 302),
        (UserRole.CONTRACT_MANAGER, "get", "/verwerkingen/", 403),
        (UserRole.CONTRACT_MANAGER, "get", "/verwerkingen/{id}", 403),
        (UserRole.AUDITOR, "get", "/verwerkingen/", 200),
        (UserRole.AUDITOR, "get", "/verwerkingen/{id}", 200),
        (UserRole.AUDITOR, "get", "/verwerkingen/{id}/geschiedenis", 200),
        (UserRole.AUDITOR, "get", "/verwerkingen/nieuw", 403),
        (UserRole.AUDITOR, "get", "/verwerkingen/{id}/bewerken", 403),
        (UserRole.AUDITOR, "post", "/verwerkingen/{id}/beeindigen", 403),
        (UserRole.AUDITOR, "post", "/verwerkingen/{id}/activeren", 403),
        (UserRole.PRIVACY, "get", "/verwerkingen/nieuw", 200),
        (UserRole.PRIVACY, "get", "/verwerkingen/{id}/bewerken", 200),
        (UserRole.PRIVACY, "get", "/verwerkingen/{id}/beeindigen", 200),
        (UserRole.ADMIN, "get", "/verwerkingen/{id}/geschiedenis", 200),
        (UserRole.PRIVACY, "get", "/verwerkingen/999999", 404),
        (UserRole.PRIVACY, "get", "/verwerkingen/999999/bewerken", 404),
        (UserRole.PRIVACY, "get", "/verwerkingen/999999/geschiedenis", 404),
        (UserRole.PRIVACY, "get", "/verwerkingen/99999999999999", 404),
        (UserRole.PRIVACY, "get", "/verwerkingen/99999999999999/geschiedenis", 404),
        (UserRole.PRIVACY, "post", "/verwerkingen/99999999999999/activeren", 404),
    ],
)
def test_access(client, auth, make_user, activity, role, method, path, expected):
    if role is not None:
        auth.login_as(make_user(role))
    response = getattr(client, method)(path.format(id=activity))
    assert response.status_code == expected


def test_auditor_sees_no_edit_buttons(client, auth, make_user, activity):
    auth.login_as(make_user(UserRole.AUDITOR))
    html = client.get(f"/verwerkingen/{activity}").get_data(as_text=True)
    assert "/bewerken" not in html and "Geschiedenis" in html


def test_create_through_the_form(client, auth, make_user, form_data, app):
    user = make_user(UserRole.PRIVACY)
    auth.login_as(user)
    response = client.post("/verwerkingen/nieuw", data=form_data())
    assert response.status_code == 302
    with app.app_context():
        activity = db.session.scalars(sa.select(Activity)).one()
        assert activity.name == "Nieuwsbrief" and activity.status is ActivityStatus.DRAFT
        assert activity.missing_count == 0
        version = db.session.scalars(sa.select(ActivityVersion)).one()
        assert version.user_id == user.id
    assert response.headers["Location"].endswith(f"/verwerkingen/{activity.id}")


def test_create_and_activate(client, auth, make_user, form_data, app):
    auth.login_as(make_user(UserRole.PRIVACY))
    data = form_data()
    data["activeren"] = "1"
    assert client.post("/verwerkingen/nieuw", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Activity.status)) is ActivityStatus.ACTIVE


def test_activation_names_every_missing_item_and_writes_nothing(
    client, auth, make_user, form_data, app, captured
):
    auth.login_as(make_user(UserRole.PRIVACY))
    data = form_data(**{"purposes-0-purpose_id": "", "purposes-0-legal_basis_id": "", "owner": ""})
    data["activeren"] = "1"
    with app.app_context():
        before = table_counts()
    response = client.post("/verwerkingen/nieuw", data=data)
    assert response.status_code == 200
    form = captured[-1][1]["form"]
    assert "Er is geen doel vastgelegd. (art. 30 lid 1 sub b)" in form.form_errors
    assert any("eigenaar" in e for e in form.form_errors)
    assert form.name.data == "Nieuwsbrief"
    assert "Er is geen doel vastgelegd." in response.get_data(as_text=True)
    with app.app_context():
        assert table_counts() == before


def test_invalid_form_keeps_values_and_writes_nothing(client, auth, make_user, form_data, app):
    auth.login_as(make_user(UserRole.PRIVACY))
    with app.app_context():
        before = table_counts()
    response = client.post(
        "/verwerkingen/nieuw", data=form_data(review_date="morgen", owner="Mijn eigenaar")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ongeldige datum" in html and 'value="Mijn eigenaar"' in html
    with app.app_context():
        assert table_counts() == before


def test_a_nul_in_a_row_is_refused_at_its_field_and_writes_nothing(
    client, auth, make_user, activity, form_data, app
):
    """A control character in one of the repeated rows is refused like one in any field (on
    PostgreSQL it was a 500: the row went to the database)."""
    auth.login_as(make_user(UserRole.PRIVACY))
    with app.app_context():
        before = table_counts()
    response = client.post(
        f"/verwerkingen/{activity}/bewerken",
        data=form_data(version="1", owner="DPO", **{"retention_rules-0-period": "2\x00 jaar"}),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dit veld bevat ongeldige tekens." in html and 'value="DPO"' in html
    with app.app_context():
        assert table_counts() == before
        assert db.session.get(Activity, activity).owner == "Hoofd marketing"


def test_edit_form_shows_the_current_values(client, auth, make_user, activity, captured):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.get(f"/verwerkingen/{activity}/bewerken")
    assert response.status_code == 200
    form = captured[-1][1]["form"]
    assert form.name.data == "Nieuwsbrief" and form.version.data == "1"
    assert len(form.purposes.entries) == 2  # one purpose and one blank row
    assert form.retention_rules[0].period.data == "Tot afmelding"


def test_edit_saves_a_new_version(client, auth, make_user, activity, form_data, app):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.post(
        f"/verwerkingen/{activity}/bewerken", data=form_data(version="1", owner="DPO")
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Activity, activity).owner == "DPO"
        assert db.session.scalar(sa.select(sa.func.max(ActivityVersion.number))) == 2


def test_stale_edit_shows_the_conflict_and_overwrites_nothing(
    client, auth, make_user, activity, form_data, app, complete_command, captured
):
    auth.login_as(make_user(UserRole.PRIVACY))
    with app.app_context():  # someone else saves version 2 meanwhile
        other = db.session.get(Activity, activity)
        update_activity(db.session, other, complete_command(owner="Collega"), 1)
        db.session.commit()
        before = table_counts()
    response = client.post(
        f"/verwerkingen/{activity}/bewerken", data=form_data(version="1", owner="Ik")
    )
    assert response.status_code == 409
    context = captured[-1][1]
    assert [(c.field, c.old, c.new) for c in context["conflict"]] == [
        ("owner", "Hoofd marketing", "Collega")
    ]
    assert context["form"].owner.data == "Ik"
    assert context["form"].version.data == "2"
    html = response.get_data(as_text=True)
    assert "Collega" in html and 'value="Ik"' in html
    with app.app_context():
        assert db.session.get(Activity, activity).owner == "Collega"
        assert table_counts() == before
    # Submitting again, now knowingly based on version 2, saves.
    again = client.post(
        f"/verwerkingen/{activity}/bewerken", data=form_data(version="2", owner="Ik")
    )
    assert again.status_code == 302


def test_garbled_version_is_a_conflict(client, auth, make_user, activity, form_data):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.post(f"/verwerkingen/{activity}/bewerken", data=form_data(version="x"))
    assert response.status_code == 409


def _version(app, activity_id):
    with app.app_context():
        return db.session.get(Activity, activity_id).version


def test_retire_with_reason(client, auth, make_user, activity, app):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.post(
        f"/verwerkingen/{activity}/beeindigen",
        data={"reason": "Dienst gestopt", "confirm": "y", "version": _version(app, activity)},
    )
    assert response.status_code == 302
    with app.app_context():
        retired = db.session.get(Activity, activity)
        assert retired.status is ActivityStatus.RETIRED
        assert retired.retired_reason == "Dienst gestopt"
    html = client.get(f"/verwerkingen/{activity}").get_data(as_text=True)
    assert "Dienst gestopt" in html and "/bewerken" not in html
    assert client.get(f"/verwerkingen/{activity}/bewerken").status_code == 302
    again = client.post(
        f"/verwerkingen/{activity}/beeindigen",
        data={"reason": "nog eens", "confirm": "y", "version": _version(app, activity)},
    )
    assert again.status_code == 200 and "al beëindigd" in again.get_data(as_text=True)


def test_retire_without_confirmation_changes_nothing(client, auth, make_user, activity, app):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.post(f"/verwerkingen/{activity}/beeindigen", data={"reason": "x"})
    assert response.status_code == 200 and "Bevestig" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Activity, activity).status is ActivityStatus.DRAFT


def test_activate_from_the_record_page(client, auth, make_user, activity, app):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.post(
        f"/verwerkingen/{activity}/activeren",
        data={"version": _version(app, activity)},
        follow_redirects=True,
    )
    assert "De verwerking is actief." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Activity, activity).status is ActivityStatus.ACTIVE


def test_activate_an_incomplete_draft_lists_what_is_missing(
    client, auth, make_user, app, complete_command
):
    with app.app_context():
        draft = create_activity(db.session, complete_command(purposes=(), owner=""))
        db.session.commit()
        draft_id = draft.id
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.post(
        f"/verwerkingen/{draft_id}/activeren",
        data={"version": _version(app, draft_id)},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert 'class="flash flash--error"' in html
    assert "Er is geen doel vastgelegd." in html and "Er is geen eigenaar" in html
    assert ".;" not in html  # the missing items are sentences, told one after another
    with app.app_context():
        assert db.session.get(Activity, draft_id).status is ActivityStatus.DRAFT
    # What blocks activation is marked on the form, though a draft may leave it empty.
    form = client.get(f"/verwerkingen/{draft_id}/bewerken").get_data(as_text=True)
    for label in ("Eigenaar (verantwoordelijke)", "Herzieningsdatum"):
        at = form.index(f">{label}</label>")
        assert "(nodig om te activeren)" in form[at : at + 120], label


def test_detail_is_the_art30_record(client, auth, make_user, activity, captured):
    auth.login_as(make_user(UserRole.AUDITOR))
    response = client.get(f"/verwerkingen/{activity}")
    html = response.get_data(as_text=True)
    for tag in ("art. 30 lid 1 sub a", "art. 30 lid 1 sub b", "art. 30 lid 1 sub g"):
        assert tag in html
    context = captured[-1][1]
    assert context["record"]["name"] == "Nieuwsbrief"
    assert [i.code for i in context["missing"] if i.mandatory] == []
    assert "KPC Groep" in html


def test_processor_detail_lists_the_controllers_with_contacts(
    client, auth, make_user, app, processor_command, make_organisation, make_licence, captured
):
    school = make_organisation(
        OrganisationKind.SCHOOL,
        name="Stichting Het Baken",
        privacy_contact_name="Piet Privacy",
        dpo_name="Fien FG",
        dpo_email="fg@baken.nl",
    )
    old = make_organisation(OrganisationKind.SCHOOL, name="Oude School")
    make_licence(school, processor_command.product, start_date=dt.date(2020, 1, 1))
    make_licence(
        old, processor_command.product, start_date=dt.date(2019, 1, 1), end_date=dt.date(2020, 1, 1)
    )
    with app.app_context():
        created = create_activity(db.session, processor_command())
        db.session.commit()
        activity_id = created.id
    auth.login_as(make_user(UserRole.PRIVACY))
    html = client.get(f"/verwerkingen/{activity_id}").get_data(as_text=True)
    assert "Stichting Het Baken" in html and "Piet Privacy" in html and "fg@baken.nl" in html
    assert "Oude School" not in html
    assert "art. 30 lid 2 sub a" in html and "art. 30 lid 2 sub b" in html
    assert captured[-1][1]["controllers"].total == 1


def test_processor_without_licences_says_so(client, auth, make_user, app, processor_command):
    with app.app_context():
        created = create_activity(db.session, processor_command())
        db.session.commit()
        activity_id = created.id
    auth.login_as(make_user(UserRole.PRIVACY))
    html = client.get(f"/verwerkingen/{activity_id}").get_data(as_text=True)
    assert (
        "Er zijn geen verwerkingsverantwoordelijken (scholen met een licentie) voor dit product."
        in html
    )


def test_history_shows_each_version_with_its_changes(
    client, auth, make_user, activity, app, complete_command, vocab, captured
):
    with app.app_context():
        update_activity(
            db.session,
            db.session.get(Activity, activity),
            complete_command(owner="DPO", data_subject_ids=(vocab.teachers.id, vocab.pupils.id)),
            1,
        )
        db.session.commit()
    auth.login_as(make_user(UserRole.AUDITOR))
    response = client.get(f"/verwerkingen/{activity}/geschiedenis")
    assert response.status_code == 200
    entries = captured[-1][1]["entries"]
    assert [e["version"].number for e in entries] == [2, 1]
    changes = {c.field: c for c in entries[0]["changes"]}
    assert set(changes) == {"owner", "data_subjects"}
    assert changes["data_subjects"].added == ("Leerlingen",)
    html = response.get_data(as_text=True)
    assert "Leerlingen" in html and "Hoofd marketing" in html and "DPO" in html
    # The count heads the list and counts versions, not search results.
    assert "2 versies vastgelegd" in html and "resultaten" not in html
    assert html.index("2 versies vastgelegd") < html.index("Versie 2")


def test_retire_and_activate_based_on_an_old_version_change_nothing(
    client, auth, make_user, activity, app
):
    auth.login_as(make_user(UserRole.PRIVACY))
    stale = _version(app, activity) - 1
    retire = client.post(
        f"/verwerkingen/{activity}/beeindigen",
        data={"reason": "Dienst gestopt", "confirm": "y", "version": stale},
    )
    assert retire.status_code == 200 and "Iemand anders" in retire.get_data(as_text=True)
    activate = client.post(
        f"/verwerkingen/{activity}/activeren", data={"version": stale}, follow_redirects=True
    )
    assert "Iemand anders" in activate.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Activity, activity).status is ActivityStatus.DRAFT
