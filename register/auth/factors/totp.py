"""TOTP (RFC 6238, 30-second steps, 6 digits): secrets, the QR code and checking a code."""

from __future__ import annotations

import hmac
import time

import pyotp
import segno

from register.auth.factors.encryption import decrypt_secret
from register.auth.models import TotpFactor

ISSUER = "Verwerkingsregister"
STEP_SECONDS = 30
# Accept the previous and the next step too (clocks of phones drift a little).
VALID_WINDOW = 1


def new_secret() -> str:
    """A random base32 secret of 160 bits."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The URI as an inline SVG QR code, drawn here (no outside service sees the secret)."""
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def current_step(now: float | None = None) -> int:
    """The number of the 30-second step at `now` (default: the current time)."""
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(factor: TotpFactor, code: str, now: float | None = None) -> int | None:
    """The step the code belongs to, if it is valid and newer than the last accepted one."""
    code = "".join(code.split())
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(decrypt_secret(factor.secret_encrypted))
    step = current_step(now)
    for candidate in range(step - VALID_WINDOW, step + VALID_WINDOW + 1):
        if factor.last_used_step is not None and candidate <= factor.last_used_step:
            continue
        if hmac.compare_digest(totp.at(candidate * STEP_SECONDS), code):
            return candidate
    return None
