"""Staff screens for data-subject requests: list, intake, handling, forwarding, closing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from register.activities.models import Activity, ActivityStatus
from register.auth.access import require
from register.auth.models import User, UserRole
from register.auth.permissions import can_keep_privacy_registers, can_read_privacy_registers
from register.calendar import today
from register.characters import search_text
from register.errors import Stale
from register.extensions import db
from register.ids import parse_id
from register.jobs.exports import queue_answer_letter_pdf
from register.pagination import requested_page
from register.products.queries import school_choices
from register.subject_requests import bp, public_views, services  # noqa: F401  (the public form)
from register.subject_requests.forms import (
    CloseForm,
    ExtendForm,
    ForwardForm,
    RequestForm,
    VerifyForm,
)
from register.subject_requests.models import ARTICLES, SubjectRequest
from register.submitting import commit_valid, run_create, run_step


def load_request(request_id: int) -> SubjectRequest:
    """The request, or 404."""
    return db.get_or_404(
        SubjectRequest, request_id, options=[selectinload(SubjectRequest.activities)]
    )


def _choose(form: RequestForm, current: SubjectRequest | None) -> dict[str, Any]:
    """Fill the handler, school and activity choices; schools by `?school=` (at most 50)."""
    handlers = db.session.scalars(
        sa.select(User)
        .where(User.role.in_([UserRole.PRIVACY, UserRole.ADMIN]), User.is_active.is_(True))
        .order_by(User.name)
    )
    form.handler_id.choices = [SelectChoice(0, _("— nog niemand —"))] + [
        SelectChoice(u.id, u.name) for u in handlers
    ]
    search = search_text(request.args.get("school"))
    include = [
        i
        for i in [current.school_id if current else None, parse_id(request.form.get("school_id"))]
        if i
    ]
    schools, more = school_choices(db.session, search, include=include)
    form.school_id.choices = [
        SelectChoice(value, label)
        for value, label in [(0, _("— geen school: eigen verwerking —")), *schools]
    ]
    activities: list[tuple[int, str]] = [
        (row.id, row.name)
        for row in db.session.execute(
            sa.select(Activity.id, Activity.name)
            .where(Activity.status != ActivityStatus.RETIRED)
            .order_by(Activity.name)
        )
    ]
    chosen = {a.id for a in current.activities} if current else set()
    listed = {activity_id for activity_id, _name in activities}
    for activity in current.activities if current else []:
        if activity.id not in listed:
            activities.append((activity.id, activity.name))  # a retired one stays chosen
    form.activity_ids.choices = [SelectChoice(value, label) for value, label in activities]
    if not form.is_submitted():
        if current is None:
            form.received_on.data = today()
        else:
            form.version.data = str(current.version)
            form.handler_id.data = current.handler_id or 0
            form.school_id.data = current.school_id or 0
            form.activity_ids.data = sorted(chosen)
            form.kind.data = current.kind.value
            form.channel.data = current.channel.value
    return {"school_search": search, "more_schools": more}


@bp.get("/")
@require(can_read_privacy_registers)
def index() -> str:
    """Requests, open ones first by deadline; `?status=gesloten` lists the closed ones."""
    closed = request.args.get("status") == "gesloten"
    listed = services.closed_requests() if closed else services.open_requests()
    page = requested_page(listed.options(selectinload(SubjectRequest.handler)))
    return render_template(
        "subject_requests/index.html", page=page, closed=closed, today=today(), articles=ARTICLES
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@require(can_keep_privacy_registers)
def create() -> Response | str:
    """Record a request received by mail, phone or letter."""
    form = RequestForm()
    schools = _choose(form, None)
    created = run_create(
        form,
        lambda: services.record_request(db.session, form.to_command(), today=today()),
        lambda found: url_for("subject_requests.detail", request_id=found.id),
        _("Het verzoek is vastgelegd."),
    )
    if created is not None:
        return created
    return render_template("subject_requests/form.html", form=form, found=None, **schools)


@bp.route("/<int:request_id>/bewerken", methods=["GET", "POST"])
@require(can_keep_privacy_registers)
def edit(request_id: int) -> Response | str:
    """Change what was recorded about an open request."""
    return _save(load_request(request_id))


def _save(found: SubjectRequest | None) -> Response | str:
    """Record a new request (`found` None) or change `found`; else show the form."""
    form = RequestForm(obj=found)
    schools = _choose(form, found)

    def save() -> SubjectRequest:
        if found is None:
            return services.record_request(db.session, form.to_command(), today=today())
        version = form.submitted_version()
        return services.update_request(
            db.session, found, form.to_command(), seen_version=version, today=today()
        )

    if done := commit_valid(form, save, Stale.message):
        message = _("Het verzoek is gewijzigd.") if found else _("Het verzoek is vastgelegd.")
        flash(message, "success")
        return redirect(url_for("subject_requests.detail", request_id=done.result.id))
    return render_template("subject_requests/form.html", form=form, found=found, **schools)


def _render_detail(found: SubjectRequest, status: int = 200, **forms: Any) -> Any:
    version = {"version": found.version}
    defaults: dict[str, Any] = {
        "verify_form": VerifyForm(data=version),
        "extend_form": ExtendForm(data={**version, "months": 1, "noticed_on": today()}),
        "close_form": CloseForm(data=version),
        "action_form": ForwardForm(data=version),
    }
    defaults.update(forms)
    html = render_template(
        "subject_requests/detail.html", found=found, today=today(), articles=ARTICLES, **defaults
    )
    return html if status == 200 else (html, status)


@bp.get("/<int:request_id>")
@require(can_read_privacy_registers)
def detail(request_id: int) -> str:
    """One request: deadline, identity, activities, forward and outcome."""
    return _render_detail(load_request(request_id))


def _step(
    request_id: int, form: Any, name: str, run: Callable[[SubjectRequest, Any], Any], done: str
) -> Any:
    """Run one handling step from the detail page: commit once, or show why not."""

    def change(found: SubjectRequest) -> str:
        run(found, form)
        return done

    return run_step(
        lambda: load_request(request_id),
        form,
        change,
        url_for("subject_requests.detail", request_id=request_id),
        lambda found: _render_detail(found, 400, **{name: form}),
    )


@bp.post("/<int:request_id>/identiteit")
@require(can_keep_privacy_registers)
def verify(request_id: int) -> Any:
    """Record the identity check."""
    return _step(
        request_id,
        VerifyForm(),
        "verify_form",
        lambda r, f: services.verify_identity(
            db.session,
            r,
            verified=not f.failed.data,
            method=f.method.data or "",
            seen_version=f.submitted_version(),
        ),
        _("De identiteitscontrole is vastgelegd."),
    )


@bp.post("/<int:request_id>/verlengen")
@require(can_keep_privacy_registers)
def extend(request_id: int) -> Any:
    """Extend the term by one or two months."""
    return _step(
        request_id,
        ExtendForm(),
        "extend_form",
        lambda r, f: services.extend_deadline(
            db.session,
            r,
            months=f.months.data,
            reason=f.reason.data or "",
            noticed_on=f.noticed_on.data,
            seen_version=f.submitted_version(),
        ),
        _("De termijn is verlengd."),
    )


@bp.post("/<int:request_id>/doorsturen")
@require(can_keep_privacy_registers)
def forward(request_id: int) -> Any:
    """Forward the request to the school whose data it concerns."""
    return _step(
        request_id,
        ForwardForm(),
        "action_form",
        lambda r, f: services.forward_to_school(db.session, r, seen_version=f.submitted_version()),
        _("Het verzoek is doorgestuurd naar de school."),
    )


@bp.post("/<int:request_id>/afsluiten")
@require(can_keep_privacy_registers)
def close(request_id: int) -> Any:
    """Close the request with its outcome."""
    return _step(
        request_id,
        CloseForm(),
        "close_form",
        lambda r, f: services.close_request(
            db.session,
            r,
            outcome=f.outcome_value(),
            note=f.note.data or "",
            answer=f.answer.data or "",
            seen_version=f.submitted_version(),
        ),
        _("Het verzoek is afgesloten."),
    )


@bp.post("/<int:request_id>/brief.pdf")
@require(can_read_privacy_registers)
def letter(request_id: int) -> Response:
    """Queue the answer letter as PDF (a worker renders it, audited as a download); its page
    shows the progress and offers the file."""
    found = load_request(request_id)
    job = queue_answer_letter_pdf(found, user=current_user)
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id))
