"""Passkeys and security keys (WebAuthn, py_webauthn): add, use as second factor, remove.

A ceremony has two requests. The first asks for options: a fresh challenge is stored on the
server (`WebauthnChallenge`, one per user and purpose, two minutes) and sent to the browser,
whose `navigator.credentials.create()`/`get()` answers it (`static/js/passkeys.js`). The
second hands in that answer: the challenge is taken out of the table before anything is
checked, so it is used at most once whatever the outcome. The relying party is
`WEBAUTHN_RP_ID` and `WEBAUTHN_ORIGIN`, by default the host and origin of `PUBLIC_BASE_URL`.

Services flush, never commit; adding, using (and refusing) and removing a passkey are audit
events, as for the authenticator app.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from register.audit.recorder import record_event
from register.auth.errors import AuthError, NoSecondFactor, PasskeyRefused
from register.auth.factors.recovery import replace_recovery_codes
from register.auth.models import ChallengePurpose, Passkey, TotpFactor, User, WebauthnChallenge
from register.auth.permissions import must_have_second_factor
from register.characters import has_control_characters
from register.db import utcnow
from register.extensions import db

CHALLENGE_LIFETIME = dt.timedelta(minutes=2)
RP_NAME = "Verwerkingsregister"
FAILED = "second_factor_failed"  # the same event as a wrong code: one rate limit for both


@dataclass(frozen=True)
class RelyingParty:
    id: str
    origin: str


def relying_party() -> RelyingParty:
    """The relying party from config, defaulting to the host and origin of PUBLIC_BASE_URL."""
    config = current_app.config
    base = urlsplit(config["PUBLIC_BASE_URL"])
    origin = config.get("WEBAUTHN_ORIGIN") or f"{base.scheme}://{base.netloc}"
    return RelyingParty(id=config.get("WEBAUTHN_RP_ID") or base.hostname or "", origin=origin)


def passkeys_of(user: User) -> list[Passkey]:
    """The user's passkeys, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
        )
    )


def has_passkey(user: User) -> bool:
    """Whether the user has at least one passkey."""
    return (
        db.session.scalar(sa.select(sa.func.count()).where(Passkey.user_id == user.id)) or 0
    ) > 0


def sign_count_acceptable(stored: int, reported: int) -> bool:
    """Whether a reported signature counter may follow the stored one.

    An authenticator that counts must report more than last time; one that reports the same or
    less may be a clone of it. Authenticators that do not count report 0 every time.
    """
    if stored == 0 and reported == 0:
        return True
    return reported > stored


def _event(user: User, action: str, summary: str) -> None:
    record_event(db.session, action, entity_type="user", entity_id=user.id, summary=summary)


def _new_challenge(user: User, purpose: ChallengePurpose, challenge: bytes) -> None:
    db.session.execute(
        sa.delete(WebauthnChallenge).where(
            WebauthnChallenge.user_id == user.id, WebauthnChallenge.purpose == purpose
        )
    )
    db.session.add(
        WebauthnChallenge(
            user_id=user.id,
            purpose=purpose,
            challenge=bytes_to_base64url(challenge),
            expires_at=utcnow() + CHALLENGE_LIFETIME,
        )
    )
    db.session.flush()


def _take_challenge(user: User, purpose: ChallengePurpose) -> bytes:
    """The open challenge, removed so it cannot be answered twice; refused when expired."""
    row = db.session.scalars(
        sa.select(WebauthnChallenge).where(
            WebauthnChallenge.user_id == user.id, WebauthnChallenge.purpose == purpose
        )
    ).first()
    if row is None:
        raise PasskeyRefused()
    db.session.delete(row)
    db.session.flush()
    if row.expires_at < utcnow():
        raise PasskeyRefused()
    return base64url_to_bytes(row.challenge)


def _expected_answer(user: User, purpose: ChallengePurpose) -> dict[str, Any]:
    """What an answer to the open challenge must match: the challenge (taken, so it cannot be
    answered twice), this site's id and its origin."""
    challenge = _take_challenge(user, purpose)
    rp = relying_party()
    return {
        "expected_challenge": challenge,
        "expected_rp_id": rp.id,
        "expected_origin": rp.origin,
    }


def _descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    transports = [
        AuthenticatorTransport(t)
        for t in passkey.transports.split()
        if t in {m.value for m in AuthenticatorTransport}
    ]
    return PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(passkey.credential_id), transports=transports or None
    )


def registration_options(user: User) -> str:
    """Options (JSON) for `navigator.credentials.create()`; the user's keys are excluded."""
    rp = relying_party()
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=RP_NAME,
        user_name=user.email,
        user_display_name=user.name,
        user_id=str(user.id).encode(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[_descriptor(p) for p in passkeys_of(user)],
    )
    _new_challenge(user, ChallengePurpose.REGISTER, options.challenge)
    return options_to_json(options)


def add_passkey(user: User, name: str, credential: dict[str, Any]) -> list[str]:
    """Keep a new passkey answered to the open registration challenge.

    Returns ten fresh recovery codes when this is the user's first second factor (as the
    authenticator app does), else an empty list.
    """
    name = name.strip()
    expected = _expected_answer(user, ChallengePurpose.REGISTER)
    if not name:
        raise AuthError(_l("Geef de passkey een naam, zodat u hem later herkent."), field="name")
    if has_control_characters(name):  # a NUL was a 500 on PostgreSQL
        raise AuthError(_l("De naam van de passkey bevat ongeldige tekens."), field="name")
    try:
        verified = verify_registration_response(credential=credential, **expected)
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        _event(user, "passkey_refused", f"{user.email}: {error}")
        raise PasskeyRefused() from None
    first_factor = not has_passkey(user) and not _has_totp(user)
    transports = credential.get("response", {}).get("transports") or []
    db.session.add(
        Passkey(
            user_id=user.id,
            name=name[:100],
            credential_id=bytes_to_base64url(verified.credential_id),
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=" ".join(str(t) for t in transports)[:200],
        )
    )
    db.session.flush()
    _event(user, "passkey_added", f"{user.email}: {name[:100]}")
    return replace_recovery_codes(user) if first_factor else []


def authentication_options(user: User) -> str:
    """Options (JSON) for `navigator.credentials.get()`, limited to the user's passkeys."""
    passkeys = passkeys_of(user)
    if not passkeys:
        raise NoSecondFactor()
    options = generate_authentication_options(
        rp_id=relying_party().id,
        allow_credentials=[_descriptor(p) for p in passkeys],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _new_challenge(user, ChallengePurpose.AUTHENTICATE, options.challenge)
    return options_to_json(options)


def verify_passkey(user: User, credential: dict[str, Any]) -> Passkey:
    """Check the answer to the open sign-in challenge with one of the user's passkeys.

    The signature counter must rise (`sign_count_acceptable`); a passkey whose counter does
    not is refused and the refusal audited as a possible clone. Failures are the same audit
    event as a wrong code, so they count towards the same limit (`verify_passkey_factor`).
    """
    expected = _expected_answer(user, ChallengePurpose.AUTHENTICATE)
    passkey = db.session.scalars(
        sa.select(Passkey).where(
            Passkey.user_id == user.id, Passkey.credential_id == str(credential.get("id", ""))
        )
    ).first()
    if passkey is None:
        _event(user, FAILED, "passkey: unknown credential")
        raise PasskeyRefused()
    try:
        # The counter is checked below, by us, so that a clone is told apart and audited:
        # with a stored count of 0 the library only verifies the signature.
        verified = verify_authentication_response(
            credential=credential,
            **expected,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=0,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        _event(user, FAILED, f"passkey {passkey.name}")
        raise PasskeyRefused() from None
    if not sign_count_acceptable(passkey.sign_count, verified.new_sign_count):
        _event(
            user,
            "passkey_counter_refused",
            f"{passkey.name}: {verified.new_sign_count} after {passkey.sign_count}",
        )
        raise AuthError(
            _l(
                "Deze passkey is geweigerd: zijn teller liep niet op, wat kan wijzen op een "
                "kopie. Gebruik een andere factor en laat de beheerder deze passkey controleren."
            )
        )
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    db.session.flush()
    _event(user, "passkey_used", passkey.name)
    return passkey


def remove_passkey(user: User, passkey: Passkey) -> None:
    """Remove one of the user's passkeys; the last second factor of someone who needs one stays."""
    others = db.session.scalar(
        sa.select(sa.func.count()).where(Passkey.user_id == user.id, Passkey.id != passkey.id)
    )
    if not others and not _has_totp(user) and must_have_second_factor(user):
        raise AuthError(
            _l("Voor uw rol is een tweede factor verplicht; u kunt hem daarom niet verwijderen.")
        )
    name = passkey.name
    db.session.delete(passkey)
    db.session.flush()
    _event(user, "passkey_removed", f"{user.email}: {name}")


def _has_totp(user: User) -> bool:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                TotpFactor.user_id == user.id, TotpFactor.confirmed_at.is_not(None)
            )
        )
        or 0
    ) > 0


def parse_credential(body: bytes) -> dict[str, Any]:
    """The credential the browser posted (JSON), or a refusal for anything else."""
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise PasskeyRefused() from None
    if not isinstance(data, dict):
        raise PasskeyRefused()
    return data
