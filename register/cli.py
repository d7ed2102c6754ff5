"""The `flask --app register ...` commands; each feature contributes its own group."""

from __future__ import annotations

import importlib

from flask import Flask

# (module, attribute): click commands or groups added to the Flask CLI.
COMMANDS = (
    ("register.demo.commands", "demo_command"),
    ("register.auth.commands", "users_group"),
    ("register.vocabularies.cli", "vocabularies_group"),
    ("register.audit.cli", "audit_group"),
    ("register.agreements.commands", "agreements_group"),
    ("register.exchange.commands", "export_command"),
    ("register.exchange.commands", "import_command"),
)


def register_commands(app: Flask) -> None:
    """Attach every feature's commands."""
    for module_name, attribute in COMMANDS:
        module = importlib.import_module(module_name)
        app.cli.add_command(getattr(module, attribute))
