"""Verwerkingsregister: the GDPR register of processing activities and processor agreements."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from register import config

# Feature packages: each has a blueprint `bp` in __init__.py and its routes in views.py.
FEATURES = (
    "auth",
    "users",
    "dashboard",
    "activities",
    "organisations",
    "products",
    "vocabularies",
    "agreements",
    "rounds",
    "portal",
    "audit",
    "exchange",
    "statement",
    "mail",
    "jobs",
    "subject_requests",
    "breaches",
    "documents",
)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration first, then extensions, features and handlers."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(config.package_folder("templates")),
        static_folder=str(config.package_folder("static")),
    )
    app.config.from_object(config.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    config.load_environment(app.config)
    if test_config is not None:
        app.config.update(test_config)
    config.finalise(app)

    _register_extensions(app)
    _register_jobs(app)
    _register_converters(app)
    _register_blueprints(app)
    _register_cli(app)
    _register_errors(app)
    _register_security(app)
    _register_templating(app)
    return app


def _register_extensions(app: Flask) -> None:
    from register.audit.recorder import install_listeners
    from register.auth.session import init_login
    from register.derived import install_derived_listeners
    from register.extensions import babel, csrf, db, limiter, migrate
    from register.i18n import install_template_gettext, select_locale
    from register.models import __all__ as _all_models  # noqa: F401  (complete metadata)
    from register.pdf.worker import set_pool_size
    from register.sqlite import install_sqlite_settings

    db.init_app(app)
    install_sqlite_settings(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(__file__).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    limiter.init_app(app)
    init_login(app)
    install_listeners()
    install_derived_listeners(db.session)
    set_pool_size(app.config["PDF_WORKERS"])
    if app.config.get("SEAL_KEY_FILE") or app.config.get("SEAL_CERT_FILE"):
        from register.agreements.documents.seal import load_configured_seal  # imports pyHanko

        load_configured_seal(app)


def _register_jobs(app: Flask) -> None:
    from register.jobs.setup import init_jobs
    from register.notifications.setup import init_notifications

    init_jobs(app)
    init_notifications(app)


def _register_converters(app: Flask) -> None:
    from register.ids import BoundedIdConverter

    # Before any route exists: every `<int:...>` part is then bounded (see register/ids.py).
    app.url_map.converters["int"] = BoundedIdConverter


def _register_blueprints(app: Flask) -> None:
    for feature in FEATURES:
        package = importlib.import_module(f"register.{feature}")
        importlib.import_module(f"register.{feature}.views")
        app.register_blueprint(package.bp)


def _register_cli(app: Flask) -> None:
    from register.cli import register_commands

    register_commands(app)


def _register_errors(app: Flask) -> None:
    from register.error_pages import register_error_handlers

    register_error_handlers(app)


def _register_security(app: Flask) -> None:
    from register.security import register_security

    register_security(app)


def _register_templating(app: Flask) -> None:
    from register.templating import register_template_helpers

    register_template_helpers(app)
