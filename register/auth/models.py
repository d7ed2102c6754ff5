"""Users, their roles and organisations, and one-time invitation/reset tokens."""

from __future__ import annotations

import datetime as dt
import enum
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.db import EditableMixin, LabelledEnum, Model, enum_column, link_table, utcnow
from register.organisations.models import Organisation


class UserRole(LabelledEnum):
    ADMIN = "admin", _l("Beheerder")
    PRIVACY = "privacy", _l("Privacy-medewerker")
    AUDITOR = "auditor", _l("Auditor")
    CONTRACT_MANAGER = "contract-manager", _l("Contractbeheerder school")


def new_session_token() -> str:
    """A random identifier for Flask-Login; rotating it signs the user out everywhere."""
    return secrets.token_urlsafe(32)


user_organisation = link_table("user_organisation", "user", "organisation")


class User(EditableMixin, Model):
    """A person who signs in: compliance staff, admin, auditor or a school's contract manager."""

    __tablename__ = "user"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole))
    function: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    is_signatory: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    # The language the user chose (register/auth/language.py); e-mail to them is in it.
    language: Mapped[str] = mapped_column(sa.String(5), default="nl")
    session_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )
    password_changed_at: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]

    organisations: Mapped[list[Organisation]] = relationship(secondary=user_organisation)

    # Flask-Login protocol. get_id() returns the rotating session token, never the id.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    def rotate_session_token(self) -> None:
        """Invalidate every existing session of this user."""
        self.session_token = new_session_token()

    @property
    def organisation_ids(self) -> set[int]:
        return {org.id for org in self.organisations}

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class AuthMethod(LabelledEnum):
    """How a person proved who they are (kept with each signature)."""

    PASSWORD = "password", _l("wachtwoord")
    PASSWORD_TOTP = "password+totp", _l("wachtwoord en code uit een authenticator-app (TOTP)")
    PASSWORD_RECOVERY_CODE = "password+recovery-code", _l("wachtwoord en herstelcode")
    # password, then a passkey or security key (WebAuthn)
    PASSKEY = "passkey", _l("wachtwoord en passkey of beveiligingssleutel (WebAuthn)")
    # single sign-on through the school board's identity provider (OpenID Connect)
    SSO = "sso", _l("aanmelding via de eigen instelling (OpenID Connect)")


class TokenPurpose(LabelledEnum):
    INVITE = "invite", _l("Uitnodiging")
    RESET = "reset", _l("Nieuw wachtwoord")


class OneTimeToken(Model):
    """A single-use, expiring link for an invitation or a password reset (hash stored)."""

    __tablename__ = "one_time_token"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()


class TotpFactor(Model):
    """A user's authenticator app: the TOTP secret (encrypted) and the last accepted step.

    Not `__audit__`: every change is recorded as a named event by the factor services
    (enrolled, confirmed, reset), and the secret never enters the audit trail.
    """

    __tablename__ = "totp_factor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    secret_encrypted: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # None until the user proved the app works by entering a code.
    confirmed_at: Mapped[dt.datetime | None]
    # The 30-second step of the last accepted code: that code and older ones are refused.
    last_used_step: Mapped[int | None]

    user: Mapped[User] = relationship()


class RecoveryCode(Model):
    """One of a user's ten single-use recovery codes (SHA-256 of the code stored)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    used_at: Mapped[dt.datetime | None]


class Passkey(Model):
    """A passkey or security key of a user (WebAuthn credential), named by the user.

    Not `__audit__`: adding, using and removing one are named events of the passkey services
    (`register/auth/factors/passkeys.py`); the public key stays out of the trail.
    """

    __tablename__ = "passkey"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    # The credential id as base64url (what the browser sends back when signing in).
    credential_id: Mapped[str] = mapped_column(sa.String(700), unique=True)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    # The authenticator's signature counter at its last use; a use must raise it (or keep 0).
    sign_count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    transports: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]


class ChallengePurpose(enum.Enum):
    REGISTER = "register"
    AUTHENTICATE = "authenticate"


class WebauthnChallenge(Model):
    """The one open WebAuthn challenge of a user per purpose: short-lived, used once.

    Kept on the server rather than in the (client-side) session cookie, so that a copy of an
    old cookie cannot offer the same challenge twice.
    """

    __tablename__ = "webauthn_challenge"
    __table_args__ = (sa.UniqueConstraint("user_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    purpose: Mapped[ChallengePurpose] = mapped_column(enum_column(ChallengePurpose))
    challenge: Mapped[str] = mapped_column(sa.String(100))  # base64url
    expires_at: Mapped[dt.datetime]


class SsoLink(Model):
    """A user's account at a school board's identity provider (OpenID Connect issuer + subject).

    Made at the first single sign-on, when the provider vouched for the user's e-mail address;
    later sign-ins find the user by it even if the address changes at the provider.
    """

    __tablename__ = "sso_link"
    __audit__ = True
    __table_args__ = (sa.UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(sa.String(300))
    subject: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
