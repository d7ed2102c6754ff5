"""Fixtures for the product and licence screens."""

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


def product_form(**changes: Any) -> dict[str, Any]:
    """A complete, valid product form; `changes` overrides fields."""
    data: dict[str, Any] = {
        "code": "DOENIN",
        "name": "DOENIN",
        "kind": "learning_product",
        "description": "Digitaal onderwijsmiddel.",
        "url": "https://www.kpcgroep.nl",
        "target_groups": ["PO", "VO"],
        "users": "Leerlingen en leraren",
        "uses_eck_id": "y",
    }
    data.update(changes)
    return data
