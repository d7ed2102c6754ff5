"""Sending e-mail: `send_mail` records one message per recipient and queues its delivery.

    from register.mail.services import send_mail

    send_mail(
        template="agreement_awaiting_review",  # templates/mail/<template>.subject.txt/.txt/.html
        to=["a@school.nl", user],  # addresses, or User objects (their name and language)
        context={"number": "VO-2026-0001", "link": external_url(...)},  # plain values only
        locale="nl",  # for plain addresses; a User gets their own language
        about=agreement,  # shown with the agreement, and in the audit trail
        key="awaiting_review:12:1",  # optional: the same key sends once per recipient
    )

It flushes and never commits; the delivery job is queued after the caller's commit, so a
rolled-back transaction sends nothing. The job (register/mail/delivery.py) retries with
back-off and finally marks the message failed, which staff see.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from register.audit.recorder import set_audit_action
from register.auth.models import User
from register.extensions import db
from register.jobs.after_commit import enqueue_after_commit
from register.mail.delivery import deliver, delivery_options
from register.mail.errors import NoRecipient
from register.mail.models import Message, MessageContent
from register.mail.rendering import render_message


def about_reference(about: Any) -> tuple[str, int | None]:
    """(kind, id) of the record a message is about: a model instance or a (kind, id) pair."""
    if about is None:
        return "", None
    if isinstance(about, tuple):
        return str(about[0]), int(about[1])
    if getattr(about, "id", None) is None:
        db.session.flush()
    return about.__tablename__, about.id


def send_mail(
    *,
    template: str,
    to: Sequence[str | User],
    context: Mapping[str, Any],
    locale: str = "nl",
    about: Any = None,
    key: str | None = None,
) -> list[Message]:
    """Record and queue `template` for every recipient; return the messages (flushed)."""
    about_kind, about_id = about_reference(about)
    recipients = _recipients(to, locale)
    if not recipients:
        raise NoRecipient()
    already = _already_sent(key, [address for address, _user, _locale in recipients])
    session = db.session
    messages, new = [], []
    for address, user, recipient_locale in recipients:
        if address in already:
            messages.append(already[address])
            continue
        values = {**context, "recipient_name": user.name if user else ""}
        rendered = render_message(template, values, recipient_locale)
        message = Message(
            recipient=address,
            user_id=user.id if user else None,
            locale=recipient_locale,
            template=template,
            subject=rendered.subject,
            key=key,
            about_kind=about_kind,
            about_id=about_id,
            content=MessageContent(text=rendered.text, html=rendered.html),
        )
        session.add(message)
        set_audit_action(session, message, "mail", f"{template} → {address}")
        messages.append(message)
        new.append(message)
    session.flush()
    for message in new:
        enqueue_after_commit(session, deliver, message.id, **delivery_options())
    return messages


def _recipients(to: Sequence[str | User], locale: str) -> list[tuple[str, User | None, str]]:
    """(address, user, language) per distinct address, in the order given."""
    seen: dict[str, tuple[str, User | None, str]] = {}
    for recipient in to:
        if isinstance(recipient, User):
            address = recipient.email.strip()
            entry: tuple[str, User | None, str] = (address, recipient, recipient.language or locale)
        else:
            address = str(recipient).strip()
            entry = (address, None, locale)
        if address and address.lower() not in seen:
            seen[address.lower()] = entry
    return list(seen.values())


def _already_sent(key: str | None, addresses: list[str]) -> dict[str, Message]:
    if key is None or not addresses:
        return {}
    found = db.session.scalars(
        sa.select(Message).where(Message.key == key, Message.recipient.in_(addresses))
    )
    return {message.recipient: message for message in found}
