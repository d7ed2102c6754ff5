"""The privacy office's agenda: open requests and breaches with their deadlines.

One reading for the `flask deadlines` command, the dashboard panel and the reminder job.
A request is due on its `due_on` day; a breach is due when the 72 hours for the authority
run out, as long as notifying it is still pending (not decided against, not yet done).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from register.breaches.models import Breach, BreachStatus
from register.calendar import LOCAL_ZONE
from register.subject_requests.models import RequestStatus, SubjectRequest

SOON_DAYS = 7


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # "request" or "breach"
    id: int
    reference: str
    title: str
    due: dt.date | None  # None: an open breach without a running clock
    due_at: dt.datetime | None
    handler_email: str = ""

    def days_left(self, today: dt.date) -> int | None:
        return None if self.due is None else (self.due - today).days

    def state(self, today: dt.date) -> str:
        """ "overdue", "soon" (within 7 days, today included) or "later"."""
        left = self.days_left(today)
        if left is None:
            return "later"
        if left < 0:
            return "overdue"
        return "soon" if left <= SOON_DAYS else "later"


def _request_item(request: SubjectRequest) -> AgendaItem:
    return AgendaItem(
        kind="request",
        id=request.id,
        reference=request.reference,
        # The kind alone: the reference identifies the request, and the requester's name
        # stays out of reminder e-mails that outlive the request file.
        title=str(request.kind.label),
        due=request.due_on,
        due_at=None,
        handler_email=request.handler.email if request.handler else "",
    )


def _breach_item(breach: Breach) -> AgendaItem:
    deadline = breach.authority_deadline if breach.authority_pending else None
    return AgendaItem(
        kind="breach",
        id=breach.id,
        reference=breach.reference,
        title=breach.title,
        due=deadline.astimezone(LOCAL_ZONE).date() if deadline else None,
        due_at=deadline,
    )


def open_items(session: Session) -> list[AgendaItem]:
    """Every open request and breach, soonest deadline first (no deadline last)."""
    requests = session.scalars(
        sa.select(SubjectRequest)
        .options(selectinload(SubjectRequest.handler))
        .where(SubjectRequest.status == RequestStatus.OPEN)
    )
    breaches = session.scalars(sa.select(Breach).where(Breach.status == BreachStatus.OPEN))
    items = [_request_item(r) for r in requests] + [_breach_item(b) for b in breaches]
    return sorted(items, key=lambda i: (i.due is None, i.due or dt.date.max, i.kind, i.id))


@dataclass(frozen=True)
class Counts:
    open: int
    soon: int
    overdue: int


def counts(items: list[AgendaItem], kind: str, today: dt.date) -> Counts:
    """Open, due within 7 days and overdue, for one kind of item."""
    mine = [i for i in items if i.kind == kind]
    states = [i.state(today) for i in mine]
    return Counts(open=len(mine), soon=states.count("soon"), overdue=states.count("overdue"))


@dataclass(frozen=True)
class PrivacyPanel:
    """The dashboard panel: counts per register and the items that need attention."""

    requests: Counts
    breaches: Counts
    urgent: list[AgendaItem]
    today: dt.date


def privacy_panel(session: Session, today: dt.date) -> PrivacyPanel:
    """Open, due within 7 days and overdue requests and breaches; the urgent ones listed."""
    items = open_items(session)
    return PrivacyPanel(
        requests=counts(items, "request", today),
        breaches=counts(items, "breach", today),
        urgent=[i for i in items if i.state(today) in {"overdue", "soon"}][:10],
        today=today,
    )
