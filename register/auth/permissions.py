"""Who may do what: plain predicates used by views (through `require`) and templates alike.

Every predicate takes the current user (possibly anonymous). Object-level rules take the
object too; tenant scoping of queries lives in `register.auth.scope`.
"""

from __future__ import annotations

from typing import Any

from register.auth.models import UserRole

STAFF = {UserRole.ADMIN, UserRole.PRIVACY}
READERS = {UserRole.ADMIN, UserRole.PRIVACY, UserRole.AUDITOR}


def _role(user: Any) -> UserRole | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.role


def signed_in(user: Any) -> bool:
    """Any signed-in user."""
    return _role(user) is not None


def can_read_register(user: Any) -> bool:
    """Browse activities, organisations, products, licences and vocabularies."""
    return _role(user) in READERS


def can_edit_register(user: Any) -> bool:
    """Create, change and retire activities, organisations, products and licences."""
    return _role(user) in STAFF


def can_manage_vocabularies(user: Any) -> bool:
    """Change the vocabularies (admin only, as with users and settings)."""
    return _role(user) is UserRole.ADMIN


def can_manage_users(user: Any) -> bool:
    """Invite, change and deactivate users."""
    return _role(user) is UserRole.ADMIN


def can_read_audit(user: Any) -> bool:
    """Browse the audit trail and version histories."""
    return _role(user) in READERS


def can_export(user: Any) -> bool:
    """Export the register (audited)."""
    return _role(user) in READERS


def can_import(user: Any) -> bool:
    """Import a register file into the database."""
    return _role(user) in STAFF


def can_read_agreements(user: Any) -> bool:
    """See all agreements (staff and auditors)."""
    return _role(user) in READERS


def can_manage_agreements(user: Any) -> bool:
    """Prepare, send, cancel, terminate agreements and sign for the company."""
    return _role(user) in STAFF


def is_contract_manager(user: Any) -> bool:
    """A school's contract manager: uses the school portal."""
    return _role(user) is UserRole.CONTRACT_MANAGER


def can_sign_for_company(user: Any) -> bool:
    """An authorised signatory of the company itself."""
    return _role(user) in STAFF and bool(user.is_signatory)


def can_sign_for_school(user: Any, organisation_id: int) -> bool:
    """An authorised signatory of this school board."""
    return (
        is_contract_manager(user)
        and bool(user.is_signatory)
        and organisation_id in user.organisation_ids
    )


def belongs_to(user: Any, organisation_id: int) -> bool:
    """Whether a contract manager acts for this organisation (staff: always)."""
    role = _role(user)
    if role in READERS:
        return True
    return role is UserRole.CONTRACT_MANAGER and organisation_id in user.organisation_ids


# Privacy-office registers (data-subject requests, data breaches): staff keep, auditors read.
def can_read_privacy_registers(user: Any) -> bool:
    """Read the registers of data-subject requests and data breaches."""
    return _role(user) in READERS


def can_keep_privacy_registers(user: Any) -> bool:
    """Record and handle data-subject requests and data breaches."""
    return _role(user) in STAFF


# Exposed to templates under these names, so pages hide what a user may not do.
PREDICATES = {
    "signed_in": signed_in,
    "can_read_register": can_read_register,
    "can_edit_register": can_edit_register,
    "can_manage_vocabularies": can_manage_vocabularies,
    "can_manage_users": can_manage_users,
    "can_read_audit": can_read_audit,
    "can_export": can_export,
    "can_import": can_import,
    "can_read_agreements": can_read_agreements,
    "can_manage_agreements": can_manage_agreements,
    "is_contract_manager": is_contract_manager,
    "can_sign_for_company": can_sign_for_company,
    "can_sign_for_school": can_sign_for_school,
    "belongs_to": belongs_to,
    "can_read_privacy_registers": can_read_privacy_registers,
    "can_keep_privacy_registers": can_keep_privacy_registers,
}


def must_have_second_factor(user: Any) -> bool:
    """Admins, privacy staff and every signatory (school or company) sign in with two factors."""
    return user.role in STAFF or bool(user.is_signatory)
