"""The `flask --app register ...` commands; each feature contributes its own group."""

from __future__ import annotations

import importlib

from flask import Flask

# (module, attribute): click commands or groups added to the Flask CLI.
COMMANDS = (
    ("register.demo.cli", "demo_command"),
    ("register.auth.cli", "users_group"),
    ("register.vocabularies.cli", "vocabularies_group"),
    ("register.audit.cli", "audit_group"),
    ("register.agreements.cli", "agreements_group"),
    ("register.documents.cli", "documents_group"),
    ("register.exchange.cli", "export_command"),
    ("register.exchange.cli", "import_command"),
    ("register.jobs.cli", "worker_command"),
    ("register.mail.cli", "mail_sink_command"),
    ("register.subject_requests.cli", "deadlines_command"),
)


def register_commands(app: Flask) -> None:
    """Attach every feature's commands."""
    for module_name, attribute in COMMANDS:
        module = importlib.import_module(module_name)
        app.cli.add_command(getattr(module, attribute))
