"""Job pages are behind `can_export`; the breach and letter jobs need the same roles."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from register.auth.models import UserRole
from register.auth.permissions import can_export, can_read_privacy_registers


@pytest.mark.parametrize("role", list(UserRole))
def test_who_may_export_may_follow_the_privacy_register_jobs(role):
    user = SimpleNamespace(is_authenticated=True, role=role)
    assert can_export(user) == can_read_privacy_registers(user)
