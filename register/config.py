"""Configuration: defaults, REGISTER_* environment variables and final checks."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    """Safe defaults; production values come from the environment or instance/config.py."""

    REGISTER_ENV = "production"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # None: secure (HTTPS-only) cookies in production, plain ones in development and tests.
    SESSION_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_DURATION = 0
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "register" / "translations")
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    # Failed sign-ins allowed per IP address and per account before throttling.
    LOGIN_RATE_LIMIT_IP = "30 per 15 minutes"
    LOGIN_RATE_LIMIT_ACCOUNT = "5 per 15 minutes"
    # Renders of the public privacy statement PDF per client.
    STATEMENT_PDF_RATE_LIMIT = "30 per minute"
    # Base URL printed in one-time links by CLI commands (no request to derive it from).
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    # Sessions end after this many minutes without a request, and after this many hours.
    IDLE_TIMEOUT_MINUTES = 30
    ABSOLUTE_TIMEOUT_HOURS = 12
    # argon2id parameters (argon2-cffi defaults: 64 MiB, 3 passes, 4 lanes).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4
    PAGE_SIZE = 25
    PDF_RENDER_TIMEOUT = 60
    # The register as a PDF grows with the register (about 40 s at 1,000 activities here).
    EXPORT_PDF_TIMEOUT = 300
    # The processor's seal on signed agreements (PEM files); see register/agreements/seal.py.
    SEAL_KEY_FILE: str | None = None
    SEAL_CERT_FILE: str | None = None
    SEAL_KEY_PASSPHRASE: str | None = None
    AGREEMENTS_DIR = str(PROJECT_ROOT / "agreements")
    # Key material for encrypting TOTP secrets at rest (register/auth/factors/encryption.py);
    # unset: derived from SECRET_KEY. Changing it makes every authenticator app unusable.
    FACTOR_ENCRYPTION_KEY: str | None = None
    # Trust X-Forwarded-* from this many proxies (0: none; set to 1 behind one load balancer).
    PROXY_COUNT = 0
    # Jobs and e-mail (register/jobs, register/mail). QUEUE_URL None: a SQLite queue in the
    # instance folder; redis://host:port/db in production. MAIL_URL: smtp://host:port,
    # smtps://user:password@host:465 or smtp+starttls://user:password@host:587.
    QUEUE_URL: str | None = None
    QUEUE_NAME = "register"  # the key prefix in Redis: one name per installation
    MAIL_URL: str | None = None
    MAIL_SENDER = "Verwerkingsregister <noreply@localhost>"
    MAIL_ATTEMPTS = 5  # delivery attempts before a message is marked failed
    MAIL_RETRY_DELAY = 60  # seconds before the first retry; doubles with every retry
    MAIL_SINK_DIR: str | None = None  # development sink's folder; None: instance/mail
    JOB_LEASE_SECONDS = 300  # a job claimed longer ago than this by a dead worker runs again


# REGISTER_<NAME> environment variables and the setting each one fills.
_ENVIRONMENT = {
    "REGISTER_ENV": "REGISTER_ENV",
    "REGISTER_SECRET_KEY": "SECRET_KEY",
    "REGISTER_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "REGISTER_RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "REGISTER_SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "REGISTER_IDLE_TIMEOUT_MINUTES": "IDLE_TIMEOUT_MINUTES",
    "REGISTER_ABSOLUTE_TIMEOUT_HOURS": "ABSOLUTE_TIMEOUT_HOURS",
    "REGISTER_PDF_RENDER_TIMEOUT": "PDF_RENDER_TIMEOUT",
    "REGISTER_EXPORT_PDF_TIMEOUT": "EXPORT_PDF_TIMEOUT",
    "REGISTER_AGREEMENTS_DIR": "AGREEMENTS_DIR",
    "REGISTER_PROXY_COUNT": "PROXY_COUNT",
    "REGISTER_FACTOR_ENCRYPTION_KEY": "FACTOR_ENCRYPTION_KEY",
    "REGISTER_LOGIN_RATE_LIMIT_IP": "LOGIN_RATE_LIMIT_IP",
    "REGISTER_LOGIN_RATE_LIMIT_ACCOUNT": "LOGIN_RATE_LIMIT_ACCOUNT",
    "REGISTER_PUBLIC_BASE_URL": "PUBLIC_BASE_URL",
    "REGISTER_SEAL_KEY_FILE": "SEAL_KEY_FILE",
    "REGISTER_SEAL_CERT_FILE": "SEAL_CERT_FILE",
    "REGISTER_SEAL_KEY_PASSPHRASE": "SEAL_KEY_PASSPHRASE",
    # Jobs and e-mail (register/jobs, register/mail).
    "REGISTER_QUEUE_URL": "QUEUE_URL",
    "REGISTER_QUEUE_NAME": "QUEUE_NAME",
    "REGISTER_MAIL_URL": "MAIL_URL",
    "REGISTER_MAIL_SENDER": "MAIL_SENDER",
    "REGISTER_MAIL_ATTEMPTS": "MAIL_ATTEMPTS",
    "REGISTER_MAIL_RETRY_DELAY": "MAIL_RETRY_DELAY",
    "REGISTER_JOB_LEASE_SECONDS": "JOB_LEASE_SECONDS",
}


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings taken from REGISTER_* variables, converted to the defaults' types."""
    settings: dict[str, Any] = {}
    for variable, setting in _ENVIRONMENT.items():
        if variable not in environ:
            continue
        raw = environ[variable]
        default = getattr(Defaults, setting, None)
        if isinstance(default, bool) or setting == "SESSION_COOKIE_SECURE":
            settings[setting] = raw.strip().lower() in {"1", "true", "yes", "on"}
        elif isinstance(default, int):
            settings[setting] = int(raw)
        else:
            settings[setting] = raw
    return settings


class ConfigurationError(RuntimeError):
    """The application cannot start with this configuration."""


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
