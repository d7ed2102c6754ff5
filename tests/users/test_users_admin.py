"""The admin screens: list, invite, edit, deactivate and reactivate users."""

import sqlalchemy as sa
from sqlalchemy import event

from register.audit.models import AuditEntry
from register.auth.models import OneTimeToken, User, UserRole
from register.extensions import db
from register.organisations.models import OrganisationKind
from tests.conftest import PASSWORD, AuthActions, enrol_on_page
from tests.users.conftest import link_from


def _user(app, **where):
    with app.app_context():
        user = db.session.scalars(sa.select(User).filter_by(**where)).one_or_none()
        if user is not None:
            _ = user.organisations
            db.session.expunge(user)
        return user


def _invite(client, **fields):
    data = {"name": "Nieuwe Collega", "email": "nieuw@example.nl", "role": "privacy"}
    data.update(fields)
    return client.post("/gebruikers/uitnodigen", data=data)


def test_only_admins_manage_users(client, auth, make_user):
    for role in (UserRole.PRIVACY, UserRole.AUDITOR, UserRole.CONTRACT_MANAGER):
        auth.login_as(make_user(role))
        assert client.get("/gebruikers/").status_code == 403
        assert _invite(client).status_code == 403
        auth.logout()


def test_list_filters_searches_and_pages_in_sql(app, client, admin, make_user):
    for n in range(30):
        make_user(UserRole.AUDITOR, name=f"Auditor {n:02d}")
    make_user(UserRole.PRIVACY, name="Pia Privacy", email="pia@example.nl")
    body = client.get("/gebruikers/?role=privacy").get_data(as_text=True)
    assert "Pia Privacy" in body and "Auditor 01" not in body
    body = client.get("/gebruikers/?q=PIA@exam").get_data(as_text=True)
    assert "pia@example.nl" in body and "Auditor 0" not in body
    first = client.get("/gebruikers/?role=auditor").get_data(as_text=True)
    assert "Auditor 00" in first and "Auditor 29" not in first
    assert "30 resultaten" in first
    second = client.get("/gebruikers/?role=auditor&page=2").get_data(as_text=True)
    assert "Auditor 29" in second and "Auditor 00" not in second
    body = client.get("/gebruikers/?q=100%25_").get_data(as_text=True)
    assert "Geen gebruikers gevonden" in body


def test_list_query_count_does_not_grow_with_rows(app, client, admin, make_user, make_organisation):
    school = make_organisation(OrganisationKind.SCHOOL)
    for _ in range(12):
        make_user(UserRole.CONTRACT_MANAGER, organisations=[school])
    statements = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get("/gebruikers/?active=ja")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    assert school.name in response.get_data(as_text=True)
    # the signed-in user, count, page and the organisations in one query
    assert len(statements) <= 5


def test_invite_a_contract_manager_and_the_link_works_once(app, client, admin, make_organisation):
    school = make_organisation(OrganisationKind.SCHOOL, name="Stichting Leren", brin="12AB")
    other = make_organisation(OrganisationKind.SCHOOL, name="Stichting Anders", kvk="41000001")
    response = _invite(
        client,
        role="contract-manager",
        organisations="12ab\nStichting Anders\n",
        is_signatory="y",
        function="Directeur",
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "maar één keer getoond" in body
    link = link_from(body)
    user = _user(app, email="nieuw@example.nl")
    assert user.role is UserRole.CONTRACT_MANAGER and user.is_signatory
    assert user.function == "Directeur"
    assert {o.id for o in user.organisations} == {school.id, other.id}
    assert user.password_hash is None
    with app.app_context():
        token = db.session.scalars(sa.select(OneTimeToken)).one()
        assert token.token_hash not in body and link.rsplit("/", 1)[1] != token.token_hash
        assert (token.expires_at - token.created_at).total_seconds() == 72 * 3600

    visitor = app.test_client()
    assert visitor.get(link).status_code == 200
    response = visitor.post(link, data={"new_password": "kort", "confirm": "kort"})
    assert "minstens 12" in response.get_data(as_text=True)
    response = visitor.post(
        link, data={"new_password": "lang genoeg wachtwoord", "confirm": "anders wachtwoord!"}
    )
    assert "niet gelijk" in response.get_data(as_text=True)
    response = visitor.post(
        link, data={"new_password": "lang genoeg wachtwoord", "confirm": "lang genoeg wachtwoord"}
    )
    # A signatory chooses a password, then must set up a second factor before anything else.
    assert response.headers["Location"] == "/aanmelden/tweede-factor"
    assert visitor.get("/account").status_code == 302
    assert visitor.get("/portaal/").status_code == 302
    _, response = enrol_on_page(visitor)
    assert "Uw herstelcodes" in response.get_data(as_text=True)
    assert visitor.get("/account").status_code == 200
    again = app.test_client().get(link)
    assert again.status_code == 404
    assert "ongeldig" in again.get_data(as_text=True)


def test_invitation_validation_in_dutch(app, client, admin, make_organisation):
    make_organisation(OrganisationKind.SUBPROCESSOR, name="Cloud BV")
    cases = [
        ({"role": "contract-manager"}, "minstens één school"),
        ({"role": "contract-manager", "organisations": "99ZZ"}, "Geen organisatie gevonden"),
        ({"role": "contract-manager", "organisations": "Cloud BV"}, "is geen school"),
        ({"organisations": "99ZZ"}, "Alleen een contractbeheerder"),
        ({"role": "auditor", "is_signatory": "y"}, "auditor kan niet tekenbevoegd"),
        ({"role": "baas"}, "Kies een van de rollen"),
        ({"email": "geen-adres"}, "geen geldig e-mailadres"),
        ({"name": ""}, "Vul de naam in"),
    ]
    for fields, message in cases:
        response = _invite(client, **fields)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, fields
        assert message in body, fields
        assert 'value="nieuw@example.nl"' in body or "email" in fields
    assert _user(app, email="nieuw@example.nl") is None


def test_duplicate_email_is_refused_case_insensitively(app, client, admin, make_user):
    make_user(email="bestaand@example.nl")
    response = _invite(client, email="Bestaand@Example.nl")
    assert "Er bestaat al een account met dit e-mailadres." in response.get_data(as_text=True)


def test_edit_user_with_version_check(app, client, admin, make_user, make_organisation):
    school = make_organisation(OrganisationKind.SCHOOL, brin="34CD")
    user = make_user(UserRole.PRIVACY, name="Oud")
    page = client.get(f"/gebruikers/{user.id}").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    data = {
        "name": "Nieuw",
        "email": user.email,
        "role": "contract-manager",
        "organisations": "34CD",
        "version": "1",
    }
    assert client.post(f"/gebruikers/{user.id}", data=data).status_code == 302
    changed = _user(app, id=user.id)
    assert changed.name == "Nieuw" and changed.role is UserRole.CONTRACT_MANAGER
    assert [o.id for o in changed.organisations] == [school.id]
    # A second save from the same (now stale) form changes nothing.
    response = client.post(f"/gebruikers/{user.id}", data={**data, "name": "Later"})
    assert "Iemand anders heeft dit gegeven intussen gewijzigd" in response.get_data(as_text=True)
    assert _user(app, id=user.id).name == "Nieuw"
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.entity_type == "user", AuditEntry.action == "update")
            .order_by(AuditEntry.id)
        ).all()[-1]
    assert entry.changes["name"] == ["Oud", "Nieuw"]
    assert entry.changes["role"] == ["privacy", "contract-manager"]
    assert entry.changes["organisations"][1] == [school.name]


def _version(app, user) -> dict[str, str]:
    """The user's current version, as the buttons on the user page send it."""
    return {"version": str(_user(app, id=user.id).version)}


def test_stale_deactivate_reactivate_and_reset_change_nothing(app, client, admin, make_user):
    user = make_user(UserRole.AUDITOR)
    stale = _version(app, user)
    data = {"name": "Nieuwe naam", "email": user.email, "role": "auditor", **stale}
    assert client.post(f"/gebruikers/{user.id}", data=data).status_code == 302  # someone edits
    for action in ("deactiveren", "wachtwoordlink"):
        response = client.post(f"/gebruikers/{user.id}/{action}", data=stale, follow_redirects=True)
        assert "Iemand anders heeft dit gegeven intussen gewijzigd" in response.text, action
    stored = _user(app, id=user.id)
    assert stored.is_active and stored.session_token == user.session_token
    with app.app_context():
        assert db.session.scalars(sa.select(OneTimeToken)).all() == []
    assert (
        client.post(f"/gebruikers/{user.id}/deactiveren", data=_version(app, user)).status_code
        == 302
    )
    response = client.post(f"/gebruikers/{user.id}/activeren", data={}, follow_redirects=True)
    assert "Iemand anders heeft dit gegeven intussen gewijzigd" in response.text
    assert not _user(app, id=user.id).is_active


def test_deactivate_rotates_the_token_and_reactivate(app, client, admin, make_user):
    user = make_user(UserRole.AUDITOR)
    device = app.test_client()
    device.post("/aanmelden", data={"email": user.email, "password": PASSWORD})
    assert device.get("/account").status_code == 200
    assert (
        client.post(f"/gebruikers/{user.id}/deactiveren", data=_version(app, user)).status_code
        == 302
    )
    stored = _user(app, id=user.id)
    assert not stored.is_active and stored.session_token != user.session_token
    assert device.get("/account").status_code == 302
    assert (
        device.post("/aanmelden", data={"email": user.email, "password": PASSWORD}).status_code
        == 200
    )
    assert (
        client.post(f"/gebruikers/{user.id}/activeren", data=_version(app, user)).status_code == 302
    )
    assert _user(app, id=user.id).is_active
    assert (
        device.post("/aanmelden", data={"email": user.email, "password": PASSWORD}).status_code
        == 302
    )
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.entity_id == str(user.id))
        ).all()
    assert "deactivate" in actions and "reactivate" in actions


def test_admin_cannot_deactivate_self_or_remove_the_last_admin(app, client, admin, make_user):
    response = client.post(
        f"/gebruikers/{admin.id}/deactiveren", data=_version(app, admin), follow_redirects=True
    )
    assert "U kunt uw eigen account niet deactiveren." in response.get_data(as_text=True)
    assert _user(app, id=admin.id).is_active
    version = str(_user(app, id=admin.id).version)
    data = {"name": admin.name, "email": admin.email, "role": "privacy", "version": version}
    response = client.post(f"/gebruikers/{admin.id}", data=data)
    assert "minstens één actieve beheerder" in response.get_data(as_text=True)
    assert _user(app, id=admin.id).role is UserRole.ADMIN
    make_user(UserRole.ADMIN)
    assert client.post(f"/gebruikers/{admin.id}", data=data).status_code == 302
    assert _user(app, id=admin.id).role is UserRole.PRIVACY


def test_reset_link_replaces_older_links_and_keeps_the_user(app, client, admin, make_user):
    user = make_user(UserRole.PRIVACY)
    first = link_from(
        client.post(f"/gebruikers/{user.id}/wachtwoordlink", data=_version(app, user)).get_data(
            as_text=True
        )
    )
    second = link_from(
        client.post(f"/gebruikers/{user.id}/wachtwoordlink", data=_version(app, user)).get_data(
            as_text=True
        )
    )
    visitor = app.test_client()
    assert visitor.get(first).status_code == 404
    assert visitor.get(second).status_code == 200
    with app.app_context():
        newest = db.session.scalars(
            sa.select(OneTimeToken).order_by(OneTimeToken.id.desc())
        ).first()
        assert (newest.expires_at - newest.created_at).total_seconds() == 24 * 3600
    new_password = "weer een nieuw wachtwoord"
    response = visitor.post(second, data={"new_password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert AuthActions(app.test_client()).login(user.email, new_password).status_code == 302
    assert (
        app.test_client()
        .post("/aanmelden", data={"email": user.email, "password": PASSWORD})
        .status_code
        == 200
    )


def test_expired_link_is_refused(app, client, admin, make_user):
    import datetime as dt

    user = make_user(UserRole.PRIVACY)
    link = link_from(
        client.post(f"/gebruikers/{user.id}/wachtwoordlink", data=_version(app, user)).get_data(
            as_text=True
        )
    )
    with app.app_context():
        token = db.session.scalars(sa.select(OneTimeToken)).one()
        token.expires_at = token.created_at - dt.timedelta(seconds=1)
        db.session.commit()
    visitor = app.test_client()
    assert visitor.get(link).status_code == 404
    response = visitor.post(link, data={"new_password": "x" * 20, "confirm": "x" * 20})
    assert response.status_code == 404


def test_link_of_a_deactivated_user_no_longer_works(app, client, admin, make_user):
    user = make_user(UserRole.PRIVACY)
    link = link_from(
        client.post(f"/gebruikers/{user.id}/wachtwoordlink", data=_version(app, user)).get_data(
            as_text=True
        )
    )
    client.post(f"/gebruikers/{user.id}/deactiveren", data=_version(app, user))
    visitor = app.test_client()
    assert visitor.get(link).status_code == 404
    response = client.post(
        f"/gebruikers/{user.id}/wachtwoordlink", data=_version(app, user), follow_redirects=True
    )
    assert "Dit account is gedeactiveerd" in response.get_data(as_text=True)
