"""Binding notifications to the app: the commit listener and what templates ask."""

from __future__ import annotations

from flask import Flask

from register.extensions import db
from register.notifications.listener import install_notification_listener
from register.notifications.queries import has_no_signatory, message_panels, messages_about


def init_notifications(app: Flask) -> None:
    """Send agreement e-mail on every commit; let pages show messages and who cannot sign."""
    install_notification_listener(db.session)
    app.add_template_global(messages_about)
    app.add_template_global(has_no_signatory)
    app.add_template_global(message_panels)
