"""`flask users create|deactivate|list`, audited as the CLI actor."""

import re

import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.auth.models import User, UserRole
from register.auth.passwords import verify_password
from register.extensions import db
from register.organisations.models import OrganisationKind


def _user(app, email):
    with app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == email)).one_or_none()
        if user is not None:
            _ = user.organisations
            db.session.expunge(user)
        return user


def test_create_with_password_from_stdin(app, runner):
    result = runner.invoke(
        args=["users", "create", "beheer@example.nl", "--role", "admin", "--password-stdin"],
        input="een lang en sterk wachtwoord\n",
    )
    assert result.exit_code == 0, result.output
    assert "aangemaakt" in result.output
    user = _user(app, "beheer@example.nl")
    assert user.role is UserRole.ADMIN and user.name == "beheer"
    with app.app_context():
        assert verify_password(user.password_hash, "een lang en sterk wachtwoord")
        entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "create")).one()
    assert entry.actor_email == "cli" and entry.entity_type == "user"


def test_short_password_is_refused(app, runner):
    result = runner.invoke(
        args=["users", "create", "x@example.nl", "--role", "privacy", "--password-stdin"],
        input="kort\n",
    )
    assert result.exit_code != 0
    assert "minstens 12 tekens" in result.output
    assert _user(app, "x@example.nl") is None


def test_contract_manager_with_organisations_gets_a_link(app, runner, make_organisation):
    by_brin = make_organisation(OrganisationKind.SCHOOL, brin="56EF")
    by_kvk = make_organisation(OrganisationKind.SCHOOL, kvk="41234567")
    by_name = make_organisation(OrganisationKind.SCHOOL, name="Stichting Exact")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "cm@example.nl",
            "--role",
            "contract-manager",
            "--name",
            "Carla Manager",
            "--org",
            "56EF",
            "--org",
            "41234567",
            "--org",
            "Stichting Exact",
            "--signatory",
        ]
    )
    assert result.exit_code == 0, result.output
    path = re.search(r"(/wachtwoord/\S+)", result.output).group(1)
    user = _user(app, "cm@example.nl")
    assert user.is_signatory and user.password_hash is None
    assert {o.id for o in user.organisations} == {by_brin.id, by_kvk.id, by_name.id}
    assert app.test_client().get(path).status_code == 200


def test_contract_manager_needs_a_known_school(app, runner):
    result = runner.invoke(args=["users", "create", "cm@example.nl", "--role", "contract-manager"])
    assert result.exit_code != 0 and "minstens één school" in result.output
    result = runner.invoke(
        args=["users", "create", "cm@example.nl", "--role", "contract-manager", "--org", "00XX"]
    )
    assert result.exit_code != 0 and "Geen organisatie gevonden" in result.output
    assert _user(app, "cm@example.nl") is None


def test_deactivate_and_list(app, runner, make_user):
    admin = make_user(UserRole.ADMIN)
    other = make_user(UserRole.AUDITOR)
    result = runner.invoke(args=["users", "deactivate", other.email.upper()])
    assert result.exit_code == 0, result.output
    stored = _user(app, other.email)
    assert not stored.is_active and stored.session_token != other.session_token
    # The last active admin cannot be deactivated, not even from the shell.
    result = runner.invoke(args=["users", "deactivate", admin.email])
    assert result.exit_code != 0 and "actieve beheerder" in result.output
    result = runner.invoke(args=["users", "deactivate", "niemand@example.nl"])
    assert result.exit_code != 0
    listing = runner.invoke(args=["users", "list"]).output
    assert f"{other.email}\tauditor\tgedeactiveerd" in listing
    assert f"{admin.email}\tadmin\tactief" in listing
