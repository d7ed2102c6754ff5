"""Single sign-on for school users through their school board's identity provider (OIDC).

The providers are configuration, not data: `OIDC_PROVIDERS` names each board's issuer, client
id and secret and the BRIN numbers of its schools. A client secret then never enters the
database, its backups or the audit trail, and changing it is a deployment like any other
secret. Each app gets its own Authlib registry (`init_sso`); Authlib reads the provider's
discovery document, keeps the state and nonce in the session and checks the ID token's
signature. We name the issuer and audience we accept ourselves (`claims_options`), rather
than trusting the discovery document for the one and Authlib's lenient `azp` rule for the
other.

SSO proves who someone is; the register still says what they may do: `sso_user` accepts
only an e-mail address the provider marks as verified, and only an active contract manager
of one of the board's schools. The session it starts is an ordinary one (idle and absolute
time-outs, sign-out); the signature records `sso` with the provider's assurance level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from register.audit.recorder import record_event
from register.auth.errors import AuthError, SsoRefused
from register.auth.models import SsoLink, User, UserRole
from register.db import utcnow
from register.extensions import db

EXTENSION = "register_sso"


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    issuer: str
    client_id: str
    brin: frozenset[str]


def providers() -> dict[str, Provider]:
    """The configured identity providers by key."""
    return {
        key: Provider(
            key=key,
            name=str(entry.get("name") or key),
            issuer=str(entry["issuer"]).rstrip("/"),
            client_id=str(entry["client_id"]),
            brin=frozenset(str(b).upper() for b in entry.get("brin", [])),
        )
        for key, entry in current_app.config.get("OIDC_PROVIDERS", {}).items()
    }


def init_sso(app: Flask) -> None:
    """Register an Authlib client per configured provider (nothing is fetched yet)."""
    registry = OAuth(app)
    for key, entry in app.config.get("OIDC_PROVIDERS", {}).items():
        issuer = str(entry["issuer"]).rstrip("/")
        registry.register(
            name=key,
            client_id=entry["client_id"],
            client_secret=entry["client_secret"],
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile"},
        )
    app.extensions[EXTENSION] = registry


def client(key: str) -> Any:
    """The Authlib client of a provider, or None for an unknown key."""
    registry: OAuth = current_app.extensions[EXTENSION]
    return registry.create_client(key) if key in providers() else None


def claims_options(provider: Provider) -> dict[str, Any]:
    """The ID token's issuer and audience must be exactly this provider and this register."""
    return {
        "iss": {"essential": True, "values": [provider.issuer]},
        "aud": {"essential": True, "values": [provider.client_id]},
    }


def sso_user(provider: Provider, claims: dict[str, Any]) -> User:
    """The user the provider vouched for: by an earlier link, else by verified e-mail address.

    Refuses (audited) an unverified address, an unknown or inactive user, and anyone who is
    not a contract manager of one of the board's schools. Links the account on first use.
    """
    issuer, subject = provider.issuer, str(claims.get("sub", ""))
    if not subject:
        raise SsoRefused()
    link = db.session.scalars(
        sa.select(SsoLink).where(SsoLink.issuer == issuer, SsoLink.subject == subject)
    ).first()
    email = str(claims.get("email", "")).strip().lower()
    if link is not None:
        user = db.session.get(User, link.user_id)
    else:
        if claims.get("email_verified") is not True or not email:
            _refused(provider, subject, "email not verified")
            raise AuthError(
                _l(
                    "Uw instelling heeft uw e-mailadres niet als gecontroleerd doorgegeven, dus "
                    "kunnen wij u niet aan uw account koppelen. Meld u aan met uw e-mailadres en "
                    "wachtwoord."
                )
            )
        user = db.session.scalars(sa.select(User).where(sa.func.lower(User.email) == email)).first()
    if user is None or not user.is_active or not _of_board(user, provider):
        _refused(provider, subject, email or "linked user not allowed")
        raise AuthError(
            _l(
                "Uw instelling heeft bevestigd wie u bent, maar het register heeft geen actief "
                "account met dit e-mailadres voor deze instelling. Vraag de privacy-medewerker "
                "van de leverancier om een account."
            )
        )
    if link is None:
        link = SsoLink(user_id=user.id, issuer=issuer, subject=subject)
        db.session.add(link)
    link.last_used_at = utcnow()
    db.session.flush()
    return user


def _of_board(user: User, provider: Provider) -> bool:
    return user.role is UserRole.CONTRACT_MANAGER and any(
        (org.brin or "").upper() in provider.brin for org in user.organisations
    )


def _refused(provider: Provider, subject: str, reason: str) -> None:
    record_event(
        db.session,
        "sso_refused",
        entity_type="sso",
        entity_id=provider.key,
        summary=f"{subject}: {reason}"[:500],
    )


def sso_providers() -> list[Provider]:
    """The boards whose schools can sign in through their institution, by name."""
    return sorted(providers().values(), key=lambda p: p.name)
