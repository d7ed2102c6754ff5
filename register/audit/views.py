"""The audit trail for auditors and staff: overview, one entry, exports and the chain check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from register.audit import bp
from register.audit.checks import load_check, queue_chain_check, recent_checks, report_of
from register.audit.checks import summary as check_summary
from register.audit.export import (
    FORMATS,
    csv_batch,
    csv_head,
    filename,
    record_export,
    xlsx_bytes,
)
from register.audit.forms import AuditFilterForm
from register.audit.labels import ALARMING_ACTIONS, action_label, field_label, value_label
from register.audit.models import AuditEntry
from register.audit.queries import AuditFilters, AuditPage, audit_page
from register.audit.redaction import is_redacted
from register.audit.references import entry_names
from register.auth.access import require
from register.auth.models import User
from register.auth.permissions import can_read_audit
from register.calendar import today
from register.db import current_session
from register.downloads import attachment
from register.extensions import db
from register.ids import parse_id


def audit_value(value: Any) -> str:
    """A stored value as readable text: lists joined, booleans in Dutch, JSON otherwise."""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if is_redacted(value):
        return _("[verwijderd]")
    if isinstance(value, list):
        return ", ".join(audit_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.actor.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(user_id), f"{name} ({email})")
        for user_id, name, email in db.session.execute(
            sa.select(User.id, User.name, User.email).order_by(User.name)
        )
    ]
    return form


@bp.get("/")
@require(can_read_audit)
def index() -> str:
    """Browse the audit trail newest first, filtered by user, entity, action and period."""
    form = _filter_form()
    if form.validate():
        page = audit_page(
            current_session(),
            form.filters(),
            current_app.config["PAGE_SIZE"],
            before=parse_id(request.args.get("voor")),
            after=parse_id(request.args.get("na")),
        )
    else:
        page = AuditPage(items=[], older=None, newer=None)
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        names=entry_names(current_session(), page.items),
        action_label=action_label,
        alarming=ALARMING_ACTIONS,
        export_args={name: request.args[name] for name in form.data if request.args.get(name)},
    )


@bp.get("/<int:entry_id>")
@require(can_read_audit)
def detail(entry_id: int) -> str:
    """One audit entry: who, when, from where, and each changed field's old and new value."""
    entry = db.get_or_404(AuditEntry, entry_id)
    changes = sorted(
        (
            (field_label(entry.entity_type, name), _labelled(entry.entity_type, name, pair))
            for name, pair in (entry.changes or {}).items()
        ),
        key=lambda change: change[0],
    )
    return render_template(
        "audit/detail.html",
        entry=entry,
        changes=changes,
        names=entry_names(current_session(), [entry])[entry.id],
        action_label=action_label,
    )


def _labelled(entity_type: str, field: str, pair: Any) -> Any:
    """An [old, new] pair (or a single value) with enum codes replaced by their labels."""
    if isinstance(pair, list) and len(pair) == 2:
        return [value_label(entity_type, field, value) for value in pair]
    return value_label(entity_type, field, pair)


@bp.get("/export.<any(csv, xlsx):file_format>")
@require(can_read_audit)
def export(file_format: str) -> Response:
    """The filtered trail as CSV or XLSX with every entry's hashes (the export is audited)."""
    form = _filter_form()
    if not form.validate():
        abort(400)
    filters = form.filters()
    record_export(current_session(), filters, file_format)
    db.session.commit()
    name = filename(file_format, today())
    if file_format == "csv":
        response = Response(_streamed_csv(filters), mimetype=FORMATS["csv"])
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        return attachment(xlsx_bytes(current_session(), filters), FORMATS["xlsx"], name)
    response.headers["Cache-Control"] = "no-store"
    return response


def _streamed_csv(filters: AuditFilters) -> Iterator[str]:
    """The CSV in pieces, each batch read in an app context of its own.

    Not `stream_with_context`: that keeps the request's context pushed until the body is
    consumed, and no context may stay pushed between two pieces (a client that stops reading
    would leave it pushed for the next request on the thread).
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def generate() -> Iterator[str]:
        yield csv_head()
        last_id = 0
        while True:
            with app.app_context():
                batch = csv_batch(current_session(), filters, last_id)
            if batch is None:
                return
            text, last_id = batch
            yield text

    return generate()


@bp.get("/controle")
@require(can_read_audit)
def checks() -> str:
    """The chain checks run from the browser, newest first, and the button for a new one."""
    jobs = recent_checks(current_session())
    return render_template(
        "audit/checks.html",
        jobs=jobs,
        summaries={job.id: _outcome(job) for job in jobs},
    )


@bp.post("/controle")
@require(can_read_audit)
def start_check() -> Response:
    """Queue a check of the whole chain; its page follows it."""
    job = queue_chain_check(current_user)
    db.session.commit()
    return redirect(url_for("audit.check", job_id=job.id))


@bp.get("/controle/<int:job_id>")
@require(can_read_audit)
def check(job_id: int) -> Response:
    """One chain check: its progress while it runs, its outcome when done (refreshes itself)."""
    job = load_check(current_session(), job_id)
    if job is None:
        abort(404)
    report = report_of(job)
    response = make_response(
        render_template("audit/check.html", job=job, report=report, outcome=_outcome(job))
    )
    if not job.finished:
        response.headers["Refresh"] = "2"  # no script needed to follow the progress
    return response


def _outcome(job: Any) -> str:
    report = report_of(job) if job.finished else None
    return check_summary(report) if report is not None else ""


bp.add_app_template_filter(audit_value)
