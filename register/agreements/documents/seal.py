"""The processor's electronic seal (PAdES) on the signed agreement PDF.

When both parties have signed online, the signed PDF (the original pages plus the page with
both signature records) is sealed with the company's certificate as an incremental update
(pyHanko): the signed bytes stay a prefix, and any later change to the file shows as a
broken signature in every PDF reader. The seal is a certifying signature that allows no
further changes, without a visible stamp (a stamp would need a font outside the PDF/A set).

The key and certificate come from `SEAL_KEY_FILE` / `SEAL_CERT_FILE` (PEM; a passphrase in
`SEAL_KEY_PASSPHRASE`). Outside production, when they are not set, a self-signed development
seal is made once in the instance folder. In production without them nothing is sealed and
the start-up log says so (`config.finalise`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter

from register.config import ConfigurationError

SEAL_FIELD = "Verzegeling"
_EXTENSION_KEY = "register_seal"


@dataclass(frozen=True, slots=True)
class Seal:
    """A loaded signer and what the signature page says about its certificate."""

    signer: signers.SimpleSigner
    subject: str
    fingerprint: str  # SHA-256 of the certificate (DER), hex

    def seal(self, data: bytes, *, reason: str, location: str = "") -> bytes:
        """`data` with a certifying PAdES signature appended as an incremental update."""
        meta = signers.PdfSignatureMetadata(
            field_name=SEAL_FIELD,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            certify=True,
            docmdp_permissions=MDPPerm.NO_CHANGES,
            reason=reason,
            location=location or None,
            name=self.subject,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        # pyHanko signs through asyncio.run(), which refuses to start inside a running event
        # loop (an async server, or Playwright in the test process): sign in a fresh thread.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="seal") as thread:
            signed = thread.submit(signers.sign_pdf, writer, meta, signer=self.signer)
            return signed.result().getvalue()


def load_configured_seal(app: Flask) -> None:
    """Load a configured seal at start-up, so a wrong file or passphrase stops the app there."""
    app.extensions[_EXTENSION_KEY] = _load(app)


def current_seal() -> Seal | None:
    """The app's seal (loaded on first use), or None when sealing is not configured."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if _EXTENSION_KEY not in app.extensions:
        app.extensions[_EXTENSION_KEY] = _load(app)
    return app.extensions[_EXTENSION_KEY]


def _load(app: Flask) -> Seal | None:
    key_file, cert_file = app.config.get("SEAL_KEY_FILE"), app.config.get("SEAL_CERT_FILE")
    if bool(key_file) != bool(cert_file):
        raise ConfigurationError(
            "Set both REGISTER_SEAL_KEY_FILE and REGISTER_SEAL_CERT_FILE, or neither."
        )
    if not (key_file and cert_file):
        if app.config["REGISTER_ENV"] == "production":
            return None
        key_file, cert_file = development_seal(Path(app.instance_path) / "seal")
    passphrase = app.config.get("SEAL_KEY_PASSPHRASE") or None
    try:
        signer = signers.SimpleSigner.load(
            str(key_file),
            str(cert_file),
            key_passphrase=passphrase.encode() if passphrase else None,
        )
    except (OSError, ValueError, TypeError) as error:
        raise ConfigurationError(
            f"Cannot load the seal from {key_file} and {cert_file}: {error}"
        ) from error
    if signer is None:
        raise ConfigurationError(
            f"Cannot load the seal from {key_file} and {cert_file}: check both files and "
            "REGISTER_SEAL_KEY_PASSPHRASE."
        )
    certificate = signer.signing_cert
    return Seal(
        signer=signer,
        subject=_describe(certificate.subject.native),
        fingerprint=hashlib.sha256(certificate.dump()).hexdigest(),
    )


def _describe(subject: dict[str, str]) -> str:
    """ "Name, Organisation" from a certificate subject (whatever of the two it has)."""
    parts = [subject.get("common_name"), subject.get("organization_name")]
    return ", ".join(part for part in parts if part) or "onbekende houder"


def development_seal(folder: Path) -> tuple[Path, Path]:
    """A self-signed seal for development and tests, made once in `folder` (key mode 0600).

    Processes that start together (the web server and the worker of `make run`, test workers)
    may both make one: each writes its pair into a folder of its own and renames that folder
    into place, so the first rename wins and nobody reads a key without its certificate.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key_file, cert_file = folder / "seal-key.pem", folder / "seal-cert.pem"
    if key_file.exists() and cert_file.exists():
        return key_file, cert_file
    folder.parent.mkdir(parents=True, exist_ok=True)
    draft = Path(tempfile.mkdtemp(prefix=".seal-", dir=folder.parent))
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Verwerkingsregister ontwikkelzegel"),
            x509.NameAttribute(
                NameOID.ORGANIZATION_NAME, "Verwerkingsregister (niet voor productie)"
            ),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=5 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    descriptor = os.open(draft / key_file.name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    (draft / cert_file.name).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    try:
        draft.rename(folder)
    except OSError as error:  # another process put its pair in place first: use that one
        shutil.rmtree(draft, ignore_errors=True)
        if not (key_file.exists() and cert_file.exists()):
            raise ConfigurationError(
                f"{folder} holds half a development seal; remove the folder"
            ) from error
    return key_file, cert_file
