"""Encryption at rest of TOTP secrets (Fernet), with a key derived from the configuration."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_CONTEXT = b"verwerkingsregister totp secrets v1"


class UndecryptableSecret(RuntimeError):
    """The stored secret was encrypted with another key (the key setting changed)."""


def _fernet() -> Fernet:
    """Fernet with a 32-byte key derived (HKDF-SHA256) from FACTOR_ENCRYPTION_KEY or SECRET_KEY."""
    material = current_app.config.get("FACTOR_ENCRYPTION_KEY") or current_app.config["SECRET_KEY"]
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_CONTEXT).derive(
        str(material).encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_secret(secret: str) -> str:
    """The secret encrypted and authenticated, as text for the database."""
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(stored: str) -> str:
    """The secret back in the clear; UndecryptableSecret when the key does not fit."""
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken as error:
        raise UndecryptableSecret(
            "A TOTP secret cannot be decrypted: FACTOR_ENCRYPTION_KEY (or SECRET_KEY) changed"
        ) from error
