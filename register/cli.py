"""The `flask --app register ...` commands; each feature contributes its own group."""

from __future__ import annotations

import importlib

from flask import Flask

# (module, attribute): click commands or groups added to the Flask CLI.
COMMANDS = (
    ("register.demo.commands", "demo_command"),
    ("register.auth.commands", "users_group"),
    ("register.vocabularies.commands", "vocabularies_group"),
    ("register.audit.commands", "audit_group"),
    ("register.agreements.commands", "agreements_group"),
    ("register.exchange.commands", "export_command"),
    ("register.exchange.commands", "import_command"),
)


def register_commands(app: Flask) -> None:
    """Attach every feature's commands that is installed."""
    for module_name, attribute in COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if not error.name or not module_name.startswith(error.name):
                raise
            continue
        app.cli.add_command(getattr(module, attribute))
