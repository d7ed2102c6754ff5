"""Fixtures for the data-subject request screens."""

from __future__ import annotations

from typing import Any

import pytest

from register.auth.models import UserRole


@pytest.fixture
def staff(make_user: Any, auth: Any) -> Any:
    """A privacy officer, signed in."""
    user = make_user(UserRole.PRIVACY)
    auth.login_as(user)
    return user


def request_form(**changes: Any) -> dict[str, Any]:
    """A complete, valid intake form; `changes` overrides fields."""
    data: dict[str, Any] = {
        "kind": "access",
        "channel": "mail",
        "received_on": "2026-11-02",
        "requester_name": "Jan de Vries",
        "requester_email": "jan@example.nl",
        "requester_address": "Dorpsstraat 1\n1234 AB Ergens",
        "description": "Ik wil weten welke gegevens u van mij heeft.",
        "handler_id": "0",
        "school_id": "0",
    }
    data.update(changes)
    return data
