"""Helpers for the user-administration tests."""

import re

import pytest

from register.auth.models import UserRole


@pytest.fixture
def admin(make_user, auth):
    """A signed-in admin."""
    user = make_user(UserRole.ADMIN)
    auth.login_as(user)
    return user


def link_from(html: str) -> str:
    """The one-time link shown on the page, as a path."""
    match = re.search(r'value="https?://[^/"]+(/wachtwoord/[^"]+)"', html)
    assert match, "no one-time link on the page"
    return match.group(1)
