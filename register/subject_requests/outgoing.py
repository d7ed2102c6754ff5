"""The one door for e-mail the privacy registers send.

Every message (confirmation to a requester, forward to a school, breach notice to a school)
goes through `send_message`, rendered from `templates/mail/<name>.subject.txt`, `.txt` and
`.html` with a plain-value context.
"""

from __future__ import annotations

import smtplib
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from typing import Any

from flask import current_app, render_template


def send_message(
    *, template: str, to: Sequence[str], context: Mapping[str, Any], about: Any = None
) -> None:
    """Render the message `template` for `to` and hand it to the mail server."""
    subject = render_template(f"mail/{template}.subject.txt", **context).strip()
    message = EmailMessage()
    message["Subject"] = " ".join(subject.split())
    message["From"] = current_app.config.get("MAIL_FROM", "privacy@localhost")
    message["To"] = ", ".join(to)
    message.set_content(render_template(f"mail/{template}.txt", **context))
    message.add_alternative(render_template(f"mail/{template}.html", **context), subtype="html")
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        current_app.logger.info("No MAIL_SERVER: not sent %r to %s", subject, to)
        return
    with smtplib.SMTP(server, int(current_app.config.get("MAIL_PORT", 25)), timeout=10) as smtp:
        smtp.send_message(message)
