"""Tenant scoping: a contract manager's queries only reach their own schools."""

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from register.auth.models import User, UserRole
from register.auth.permissions import belongs_to, can_sign_for_school
from register.auth.scope import first_or_404, scope_to_user
from register.organisations.models import Organisation, OrganisationKind


def test_contract_manager_sees_only_own_organisations(session, make_user, make_organisation):
    own = make_organisation(OrganisationKind.SCHOOL)
    second = make_organisation(OrganisationKind.SCHOOL)
    other = make_organisation(OrganisationKind.SCHOOL)
    manager = session.get(
        User, make_user(UserRole.CONTRACT_MANAGER, organisations=[own, second]).id
    )
    statement = scope_to_user(sa.select(Organisation), manager, Organisation.id)
    assert {o.id for o in session.scalars(statement)} == {own.id, second.id}
    mine = sa.select(Organisation).where(Organisation.id == own.id)
    assert first_or_404(session, scope_to_user(mine, manager, Organisation.id)).id == own.id
    theirs = sa.select(Organisation).where(Organisation.id == other.id)
    with pytest.raises(NotFound):
        first_or_404(session, scope_to_user(theirs, manager, Organisation.id))
    assert belongs_to(manager, own.id) and not belongs_to(manager, other.id)


def test_readers_see_everything_and_others_nothing(session, make_user, make_organisation):
    orgs = [make_organisation(OrganisationKind.SCHOOL) for _ in range(3)]
    for role in (UserRole.ADMIN, UserRole.PRIVACY, UserRole.AUDITOR):
        reader = session.get(User, make_user(role).id)
        statement = scope_to_user(sa.select(Organisation), reader, Organisation.id)
        assert len(session.scalars(statement).all()) == len(orgs)
    lonely = session.get(User, make_user(UserRole.CONTRACT_MANAGER).id)
    statement = scope_to_user(sa.select(Organisation), lonely, Organisation.id)
    assert session.scalars(statement).all() == []


def test_signing_for_a_school_needs_the_flag_and_the_school(session, make_user, make_organisation):
    school = make_organisation(OrganisationKind.SCHOOL)
    other = make_organisation(OrganisationKind.SCHOOL)
    signatory = session.get(
        User, make_user(UserRole.CONTRACT_MANAGER, organisations=[school], signatory=True).id
    )
    plain = session.get(User, make_user(UserRole.CONTRACT_MANAGER, organisations=[school]).id)
    assert can_sign_for_school(signatory, school.id)
    assert not can_sign_for_school(signatory, other.id)
    assert not can_sign_for_school(plain, school.id)
