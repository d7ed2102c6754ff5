"""Fixtures for the organisation screens: a signed-in staff member and a valid form."""

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


def school_form(**changes: str) -> dict[str, str]:
    """A complete, valid school form; `changes` overrides fields."""
    data = {
        "kind": "school",
        "name": "Stichting Openbaar Onderwijs Voorbeeldstad",
        "legal_form": "Stichting",
        "brin": "12AB",
        "rio": "",
        "kvk": "41089876",
        "address": "Schoolstraat 1",
        "postcode": "1234 AB",
        "city": "Voorbeeldstad",
        "country": "Nederland",
        "website": "https://www.voorbeeldstad.nl",
        "email": "info@voorbeeldstad.nl",
        "phone": "073-1234567",
        "privacy_contact_name": "A. de Vries",
        "privacy_contact_email": "privacy@voorbeeldstad.nl",
        "privacy_contact_phone": "",
        "dpo_name": "B. Jansen",
        "dpo_email": "fg@voorbeeldstad.nl",
        "dpo_phone": "",
        "location": "",
    }
    data.update(changes)
    return data
