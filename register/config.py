"""Configuration: defaults, REGISTER_* environment variables and final checks.

Every setting has a default in `Defaults`, with its type annotated. The application reads
them in order: `Defaults`, then `instance/config.py`, then the environment, where
`REGISTER_<NAME>` sets `<NAME>` (`app.config.from_prefixed_env`) and is parsed to the
setting's type (`parse_settings`). Two variables keep older names: `REGISTER_ENV` sets
`REGISTER_ENV` and `REGISTER_DATABASE_URL` sets `SQLALCHEMY_DATABASE_URI`. The README's
configuration table lists every setting with its default; a test keeps the two equal.
"""

from __future__ import annotations

import json
import os
import secrets
import types
import typing
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from flask import Config, Flask

# The source checkout. Developer tools that read the repository (docs/access.md) use it, and
# `package_folder` in an editable install; a wheel finds everything through the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    """Safe defaults; production values come from the environment or instance/config.py."""

    REGISTER_ENV: str = "production"
    SECRET_KEY: str | None = None
    # None: SQLite in the instance folder (instance/register.db).
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH: int = 25 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY: bool = True
    SESSION_COOKIE_SAMESITE: str = "Lax"
    # None: secure (HTTPS-only) cookies in production, plain ones in development and tests.
    SESSION_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_DURATION: int = 0
    # The session cookie is sent again only when the session changed (register/auth/session.py
    # moves `seen_at` in steps), not re-signed on every request.
    SESSION_REFRESH_EACH_REQUEST: bool = False
    WTF_CSRF_TIME_LIMIT: int | None = None  # the token lives as long as the session
    BABEL_DEFAULT_LOCALE: str = "nl"
    BABEL_DEFAULT_TIMEZONE: str = "Europe/Amsterdam"
    # Relative to the installed `register` package (Flask-Babel joins it to app.root_path).
    BABEL_TRANSLATION_DIRECTORIES: str = "translations"
    # False turns every rate limit off (sign-in throttling included): benchmarks and tests only.
    RATELIMIT_ENABLED: bool = True
    RATELIMIT_STORAGE_URI: str = "memory://"
    RATELIMIT_HEADERS_ENABLED: bool = False
    # Failed sign-ins allowed per IP address and per account before throttling.
    LOGIN_RATE_LIMIT_IP: str = "30 per 15 minutes"
    LOGIN_RATE_LIMIT_ACCOUNT: str = "5 per 15 minutes"
    # Renders of the public privacy statement PDF per client.
    STATEMENT_PDF_RATE_LIMIT: str = "30 per minute"
    # Base URL printed in one-time links by CLI commands (no request to derive it from).
    PUBLIC_BASE_URL: str = "http://127.0.0.1:5000"
    # Sessions end after this many minutes without a request, and after this many hours.
    IDLE_TIMEOUT_MINUTES: int = 30
    ABSOLUTE_TIMEOUT_HOURS: int = 12
    # argon2id parameters (argon2-cffi defaults: 64 MiB, 3 passes, 4 lanes).
    ARGON2_TIME_COST: int = 3
    ARGON2_MEMORY_COST: int = 65536
    ARGON2_PARALLELISM: int = 4
    PAGE_SIZE: int = 25
    PDF_RENDER_TIMEOUT: int = 60
    # The register as a PDF grows with the register (about 40 s at 1,000 activities here).
    EXPORT_PDF_TIMEOUT: int = 300
    # Worker processes that render PDFs (see register/pdf/worker.py).
    PDF_WORKERS: int = 3
    # Lay out what agreements share once per process and stamp it into each (register.pdf.
    # sharing); False renders every agreement and leaflet whole (as before; benchmarks).
    PDF_SHARED_PAGES: bool = True
    # The processor's seal on signed agreements (PEM files); see register.agreements.documents.seal.
    SEAL_KEY_FILE: str | None = None
    SEAL_CERT_FILE: str | None = None
    SEAL_KEY_PASSPHRASE: str | None = None
    # None: the agreement texts shipped with the package.
    AGREEMENTS_DIR: str | None = None
    # None: instance/imports. Uploaded import files wait here between preview and apply.
    EXCHANGE_STAGING_DIR: str | None = None
    # Key material for encrypting TOTP secrets at rest (register/auth/factors/encryption.py);
    # None: derived from SECRET_KEY. Changing it makes every authenticator app unusable.
    FACTOR_ENCRYPTION_KEY: str | None = None
    # Passkeys (register/auth/factors/passkeys.py): the relying-party id (a domain) and the
    # origin the pages are served from. None: the host and origin of PUBLIC_BASE_URL.
    WEBAUTHN_RP_ID: str | None = None
    WEBAUTHN_ORIGIN: str | None = None
    # Single sign-on for school users (register/auth/sso.py): identity providers by key, as a
    # JSON object {"<key>": {"name", "issuer", "client_id", "client_secret", "brin": [...]}}.
    OIDC_PROVIDERS: dict[str, Any] = {}
    # Trust X-Forwarded-* from this many proxies (0: none; set to 1 behind one load balancer).
    PROXY_COUNT: int = 0
    # Jobs and e-mail (register/jobs, register/mail). QUEUE_URL None: a SQLite queue in the
    # instance folder; redis://host:port/db in production. MAIL_URL: smtp://host:port,
    # smtps://user:password@host:465 or smtp+starttls://user:password@host:587.
    QUEUE_URL: str | None = None
    QUEUE_NAME: str = "register"  # the key prefix in Redis: one name per installation
    MAIL_URL: str | None = None
    MAIL_SENDER: str = "Verwerkingsregister <noreply@localhost>"
    # Days an agreement may wait for its school before each reminder (comma-separated); after
    # the last, staff are told too (register/notifications/reminders.py). Empty: no reminders.
    REMINDER_DAYS: str = "14,28"
    MAIL_ATTEMPTS: int = 5  # delivery attempts before a message is marked failed
    MAIL_RETRY_DELAY: int = 60  # seconds before the first retry; doubles with every retry
    MAIL_SINK_DIR: str | None = None  # development sink's folder; None: instance/mail
    JOB_LEASE_SECONDS: int = 300  # a job claimed longer ago than this by a dead worker runs again
    ROUND_BATCH: int = 20  # sends a bulk round keeps queued at once (register/rounds)
    # Data-subject requests (register/subject_requests): public form submissions per client, the
    # form's body limit in bytes, and days a closed request file is kept before it is deleted.
    REQUEST_FORM_RATE_LIMIT: str = "5 per hour"
    REQUEST_FORM_MAX_BYTES: int = 32 * 1024
    REQUEST_FILE_RETENTION_DAYS: int = 365
    # Create forms (register/form_tokens.py): the same user posting the same values to the same
    # form within this many minutes gets the first result, not a twin (Back and resubmit; 0:
    # only the form's own token counts); claims older than the days are deleted every night.
    FORM_REPEAT_MINUTES: int = 15
    FORM_TOKEN_RETENTION_DAYS: int = 7
    # Key of the keyed hash (HMAC-SHA256) the audit trail stores instead of personal values
    # (models' `__audit_redact__`); None: derived from SECRET_KEY. Changing it only stops
    # comparing new values with old hashes; the hash chain is unaffected.
    AUDIT_REDACTION_KEY: str | None = None


PREFIX = "REGISTER"
# Environment names (after the prefix) that fill a setting of another name.
RENAMED = {"ENV": "REGISTER_ENV", "DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(RuntimeError):
    """The application cannot start with this configuration."""


def settings() -> dict[str, Any]:
    """Every setting with its default, by name."""
    return {name: getattr(Defaults, name) for name in _types()}


def environment_variable(setting: str) -> str:
    """The REGISTER_* variable that fills `setting`."""
    renamed = {target: source for source, target in RENAMED.items()}
    return f"{PREFIX}_{renamed.get(setting, setting)}"


def load_environment(config: Config) -> None:
    """Update `config` from the REGISTER_* environment variables, parsed to their types."""
    raw = Config(config.root_path)
    raw.from_prefixed_env(PREFIX, loads=str)
    config.update(parse_settings(raw))


def parse_settings(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Settings from environment strings (names without the prefix), in their own types.

    Names that are no setting of ours (other Flask and extension settings) are read as Flask's
    `from_prefixed_env` reads them: as JSON where the value is JSON (`false`, `5`), else as
    the string.
    """
    types_ = _types()
    parsed: dict[str, Any] = {}
    for name, value in raw.items():
        setting = RENAMED.get(name, name)
        kind = types_.get(setting)
        if not isinstance(value, str):  # nested (A__B) values
            parsed[setting] = value
            continue
        if kind is None:
            parsed[setting] = _as_flask_reads(value)
            continue
        try:
            parsed[setting] = _parse(value, kind)
        except ValueError as error:
            raise ConfigurationError(
                f"{environment_variable(setting)}={value!r} is not a valid value: {error}"
            ) from None
    return parsed


def _types() -> dict[str, Any]:
    hints = typing.get_type_hints(Defaults)
    return {name: hint for name, hint in hints.items() if name.isupper()}


def _as_flask_reads(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _parse(value: str, kind: Any) -> Any:
    """`value` as `kind`: bool, int, str, a JSON dict, or `X | None` (empty means None)."""
    if isinstance(kind, types.UnionType):
        if not value.strip():
            return None
        (kind,) = [member for member in typing.get_args(kind) if member is not type(None)]
    if kind is bool:
        word = value.strip().lower()
        if word not in _TRUE | _FALSE:
            raise ValueError("expected true or false")
        return word in _TRUE
    if kind is int:
        return int(value)
    if typing.get_origin(kind) is dict:
        loaded = json.loads(value)
        if not isinstance(loaded, dict):
            raise ValueError("expected a JSON object")
        return loaded
    return value


def package_folder(name: str) -> Path:
    """One of the project's top-level folders (templates, static, agreements), as installed.

    The wheel ships them inside the package as ``register/data/<name>`` (pyproject's
    ``package-dir``); an editable install (``pip install -e``) has no copy and reads them where
    they are in the checkout, beside the package.
    """
    shipped = resources.files("register") / "data" / name
    if shipped.is_dir():
        return Path(str(shipped))
    return PROJECT_ROOT / name


def finalise(app: Flask) -> None:
    """Fill derived settings and refuse unsafe production configurations."""
    config = app.config
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'register.db'}"
    url = config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql://"):
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + url.removeprefix(
            "postgresql://"
        )
    if not config.get("AGREEMENTS_DIR"):
        config["AGREEMENTS_DIR"] = str(package_folder("agreements"))
    if config.get("SESSION_COOKIE_SECURE") is None:
        config["SESSION_COOKIE_SECURE"] = config["REGISTER_ENV"] == "production"
    if not config.get("SECRET_KEY"):
        if config["REGISTER_ENV"] == "production" and not config.get("TESTING"):
            raise ConfigurationError(
                "No secret key is configured. Set REGISTER_SECRET_KEY to a long random value, "
                "for example: export REGISTER_SECRET_KEY=$(python3 -c 'import secrets; "
                "print(secrets.token_hex(32))'), or set SECRET_KEY in instance/config.py. "
                "For local development use REGISTER_ENV=development."
            )
        config["SECRET_KEY"] = _development_secret(Path(app.instance_path))
    if config["REGISTER_ENV"] == "production" and not (
        config.get("SEAL_KEY_FILE") and config.get("SEAL_CERT_FILE")
    ):
        app.logger.warning(
            "REGISTER_SEAL_KEY_FILE / REGISTER_SEAL_CERT_FILE are not set: "
            "signed agreements are not sealed"
        )


def _development_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so development sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        os.chmod(path, 0o600)
    return path.read_text().strip()
