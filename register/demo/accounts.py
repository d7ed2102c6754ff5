"""Demo accounts: one per role, all with the same known password (demo use only)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.auth.models import User, UserRole
from register.auth.passwords import hash_password
from register.organisations.models import Organisation

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105  (printed by the demo command on purpose)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: UserRole
    function: str = ""
    signatory: bool = False
    school_brin: str | None = None


ACCOUNTS = (
    DemoAccount(
        "beheerder@kpcgroep.example", "Demo Beheerder", UserRole.ADMIN, "Applicatiebeheerder"
    ),
    DemoAccount(
        "privacy@kpcgroep.example",
        "Demo Privacy Officer",
        UserRole.PRIVACY,
        "Privacyfunctionaris",
        signatory=True,
    ),
    DemoAccount("auditor@kpcgroep.example", "Demo Auditor", UserRole.AUDITOR, "Interne auditor"),
    DemoAccount(
        "contract@soo-voorbeeldstad.example",
        "Demo Bestuurder Voorbeeldstad",
        UserRole.CONTRACT_MANAGER,
        "Voorzitter college van bestuur",
        signatory=True,
        school_brin="10AB",
    ),
    DemoAccount(
        "contract@sko-dorpsveld.example",
        "Demo Contractbeheerder Dorpsveld",
        UserRole.CONTRACT_MANAGER,
        "Contractbeheerder",
        signatory=False,
        school_brin="11CD",
    ),
)


def ensure_accounts(session: Session) -> int:
    """Add the demo accounts that are missing (by e-mail address); return how many."""
    existing = set(session.scalars(sa.select(User.email)))
    missing = [a for a in ACCOUNTS if a.email not in existing]
    if not missing:
        return 0
    for account in missing:
        user = User(
            email=account.email,
            name=account.name,
            role=account.role,
            function=account.function,
            is_signatory=account.signatory,
            password_hash=hash_password(DEMO_PASSWORD),
        )
        if account.school_brin:
            school = session.scalar(
                sa.select(Organisation).where(Organisation.brin == account.school_brin)
            )
            user.organisations = [school] if school is not None else []
        session.add(user)
    session.flush()
    return len(missing)
