"""Delivering a recorded message over SMTP, as a job: claim, send, mark sent or count.

`REGISTER_MAIL_URL` names the server: `smtp://host:port` (plain, e.g. a local relay),
`smtps://user:password@host:465` (TLS from the start) or
`smtp+starttls://user:password@host:587` (STARTTLS; both verify the certificate). The sender
is `REGISTER_MAIL_SENDER`.

The job claims its message with a lease (an atomic UPDATE), so two workers never send the
same message; a failed attempt is counted and retried with back-off (MAIL_RETRY_DELAY,
doubling) until MAIL_ATTEMPTS, then the message is marked failed for staff to see. A
worker killed after claiming leaves the claim to run out; the recovery hook then queues
the message again. A message the server accepted just before the worker died may be sent
twice (SMTP has no transaction); its Message-ID stays the same so mail clients show one.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from flask import current_app

from register.db import table_of, utcnow
from register.extensions import db
from register.jobs.leases import left_behind, take_lease
from register.jobs.queue import job
from register.jobs.worker import on_worker_start
from register.mail.headers import MAIL_POLICY
from register.mail.models import Message, MessageState

_SCHEMES = {"smtp": 25, "smtps": 465, "smtp+starttls": 587}


class MailNotConfigured(RuntimeError):
    """REGISTER_MAIL_URL is not set or not understood."""


class DeliveryFailed(RuntimeError):
    """This attempt failed; the job is retried."""


@dataclass(frozen=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    username: str = ""
    password: str = ""


def parse_mail_url(url: str | None) -> SmtpServer:
    """The SMTP server of `REGISTER_MAIL_URL`."""
    if not url:
        raise MailNotConfigured("REGISTER_MAIL_URL is not set")
    parts = urlsplit(url)
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise MailNotConfigured(
            "REGISTER_MAIL_URL must look like smtp://host:port, smtps://user:password@host:465 "
            "or smtp+starttls://user:password@host:587"
        )
    return SmtpServer(
        scheme=parts.scheme,
        host=parts.hostname,
        port=parts.port or _SCHEMES[parts.scheme],
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def delivery_options() -> dict[str, Any]:
    """Huey retry settings from the configuration (the database counts the attempts)."""
    config = current_app.config
    return {
        "retries": int(config["MAIL_ATTEMPTS"]),
        "retry_delay": float(config["MAIL_RETRY_DELAY"]),
    }


@job(retry_backoff=2)
def deliver(message_id: int) -> None:
    """Deliver one recorded message (a job; safe to run twice)."""
    deliver_message(message_id)


def deliver_message(message_id: int) -> None:
    """Claim, send and mark the message; a failure is counted and raised for a retry."""
    if not _claim(message_id):
        return
    message = db.session.get(Message, message_id)
    if message is None:
        return
    config = current_app.config
    try:
        send_email(build_email(message, config["MAIL_SENDER"]), parse_mail_url(config["MAIL_URL"]))
    except (smtplib.SMTPException, OSError, MailNotConfigured) as error:
        retry_in = _record_failure(message, error)
        db.session.commit()
        if retry_in is not None:
            raise DeliveryFailed(f"message {message_id}: {error}") from error
        return
    message.attempts += 1
    message.state = MessageState.SENT
    message.sent_at = utcnow()
    message.last_error = ""
    message.claimed_until = None
    message.next_attempt_at = None
    db.session.commit()


def _claim(message_id: int) -> bool:
    """Take the message for this worker, atomically; False if done, held or not yet due."""
    table = table_of(Message)
    return take_lease(
        table,
        message_id,
        table.c.state == MessageState.QUEUED.value,
        _due(table.c, utcnow()),
    )


def _due(columns: Any, now: dt.datetime) -> sa.ColumnElement[bool]:
    return sa.or_(columns.next_attempt_at.is_(None), columns.next_attempt_at <= now)


def _record_failure(message: Message, error: Exception) -> dt.timedelta | None:
    """Count the failed attempt; the delay until the next one, or None when given up."""
    config = current_app.config
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    message.claimed_until = None
    if message.attempts >= int(config["MAIL_ATTEMPTS"]):
        message.state = MessageState.FAILED
        message.failed_at = utcnow()
        message.next_attempt_at = None
        return None
    delay = dt.timedelta(seconds=float(config["MAIL_RETRY_DELAY"]) * 2 ** (message.attempts - 1))
    message.next_attempt_at = utcnow() + delay
    return delay


def build_email(message: Message, sender: str) -> EmailMessage:
    """The MIME message: plain text with an HTML alternative, no attachments."""
    email = EmailMessage(policy=MAIL_POLICY)
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    # Stable across retries, so a message delivered twice shows once in a mail client.
    email["Message-ID"] = f"<register.{message.id}.{int(message.created_at.timestamp())}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"
    email["X-Register-Template"] = message.template
    email.set_content(message.content.text)
    email.add_alternative(message.content.html, subtype="html")
    email["Content-Language"] = message.locale  # after set_content, which drops Content-*
    return email


def send_email(email: EmailMessage, server: SmtpServer, timeout: float = 30) -> None:
    """Hand `email` to the SMTP server (TLS and login as the URL says)."""
    if server.scheme == "smtps":
        context = ssl.create_default_context()
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=timeout, context=context
        )
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=timeout)
    with connection:
        if server.scheme == "smtp+starttls":
            connection.starttls(context=ssl.create_default_context())
        if server.username:
            connection.login(server.username, server.password)
        connection.send_message(email)


@on_worker_start
def queue_undelivered(at_start: bool) -> None:
    """Queue again every message still waiting whose claim (if any) has run out."""
    ids = db.session.scalars(
        sa.select(Message.id).where(
            Message.state == MessageState.QUEUED,
            *left_behind(Message, at_start=at_start),
            _due(Message, utcnow()),
        )
    ).all()
    options = delivery_options()
    for message_id in ids:
        deliver.schedule(args=(message_id,), delay=0, **options)
