"""The one mechanism behind agreement e-mail: a listener on every session's commit.

Before a flush it notes new `AgreementEvent` rows (state changes), new signed PDFs (the
worker stores them after the second signature, `register.agreements.signed_pdf`) and whether
register data that feeds the drift changed (models declaring `Derived.DRIFT`,
register/derived.py); just before the transaction commits — after the derived-data listener
has refreshed the drift flags — it sends what the rules in `agreements.py` call for, in the
same transaction. A rolled-back transaction sends nothing; the messages' delivery is queued
after the commit (register/mail).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import sqlalchemy as sa
from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

from register.agreements.documents.storage import AgreementDocument, AgreementDrift, DocumentKind
from register.agreements.drift import drift_changes
from register.agreements.models import Agreement, AgreementEvent
from register.db import current_session, utcnow
from register.derived import Derived, feeds
from register.notifications.agreements import notify_drift, notify_event, notify_signed
from register.notifications.queries import WAITING_FOR_SCHOOL

_EVENTS = "notify_agreement_events"
_SIGNED_PDFS = "notify_signed_pdfs"
_REGISTER_CHANGED_AT = "notify_register_changed_at"


def _note(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in session.new:
        if isinstance(obj, AgreementEvent):
            session.info.setdefault(_EVENTS, []).append(obj)
        elif isinstance(obj, AgreementDocument) and obj.kind is DocumentKind.SIGNED:
            session.info.setdefault(_SIGNED_PDFS, []).append(obj)
    if _REGISTER_CHANGED_AT in session.info:
        return
    for obj in itertools.chain(session.new, session.dirty, session.deleted):
        if Derived.DRIFT in feeds(type(obj)):
            # A little earlier than the drift refresh, which stamps what it flags "now".
            session.info[_REGISTER_CHANGED_AT] = utcnow() - dt.timedelta(seconds=1)
            return


def _notify_before_commit(session: Session) -> None:
    if not any(session.info.get(key) for key in (_EVENTS, _SIGNED_PDFS, _REGISTER_CHANGED_AT)):
        return
    # Only the application's own session writes messages (send_mail uses db.session).
    if not has_app_context() or session is not current_session():
        _forget(session)
        return
    session.flush()
    events = session.info.pop(_EVENTS, [])
    changed_at = session.info.pop(_REGISTER_CHANGED_AT, None)
    for step in events:
        notify_event(step)
    for document in session.info.pop(_SIGNED_PDFS, []):
        notify_signed(document.agreement_id)
    if changed_at is not None:
        # Signed agreements: the drift flags the drift listener has just refreshed.
        flagged = session.execute(
            sa.select(AgreementDrift.agreement_id, AgreementDrift.changes).where(
                AgreementDrift.detected_at >= changed_at
            )
        ).all()
        # Agreements still with the school: the same comparison, not stored as flags.
        pending = drift_changes(session, WAITING_FOR_SCHOOL)
        for agreement_id, changes in [*flagged, *pending.items()]:
            agreement = session.get(Agreement, agreement_id)
            if agreement is not None and changes:
                notify_drift(agreement, changes)
    session.flush()


def _forget(session: Session, previous_transaction: Any = None) -> None:
    session.info.pop(_EVENTS, None)
    session.info.pop(_SIGNED_PDFS, None)
    session.info.pop(_REGISTER_CHANGED_AT, None)


def install_notification_listener(session: Session | scoped_session[Session]) -> None:
    """Attach the listener to the application's session (idempotent).

    Installed after `install_derived_listeners` on the same session, so at commit the drift
    flags are refreshed before the messages about them are written.
    """
    if not event.contains(session, "before_flush", _note):
        event.listen(session, "before_flush", _note)
        event.listen(session, "before_commit", _notify_before_commit)
        event.listen(session, "after_soft_rollback", _forget)
