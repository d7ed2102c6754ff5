"""The audit trail for auditors and staff: a filtered overview and one entry's changes."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template, request
from flask_babel import gettext as _
from wtforms import SelectChoice

from register.audit import bp
from register.audit.forms import AuditFilterForm
from register.audit.models import AuditEntry
from register.audit.queries import AuditFilters, AuditPage, audit_page
from register.auth.access import require
from register.auth.models import User
from register.auth.permissions import can_read_audit
from register.db import Base
from register.extensions import db

# Offered as suggestions in the filter; any other value may be typed.
COMMON_ACTIONS = (
    "create",
    "update",
    "delete",
    "retire",
    "login",
    "login_failed",
    "login_throttled",
    "logout",
    "deactivate",
    "reactivate",
    "download",
    "export",
    "import",
)


def audit_value(value: Any) -> str:
    """A stored value as readable text: lists joined, booleans in Dutch, JSON otherwise."""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, list):
        return ", ".join(audit_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _entity_types() -> list[str]:
    audited = {
        mapper.class_.__tablename__
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__audit__", False)
    }
    return sorted(audited | {"export", "import"})


def _cursor(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@bp.get("/")
@require(can_read_audit)
def index() -> str:
    """Browse the audit trail newest first, filtered by user, entity, action and period."""
    form = AuditFilterForm(request.args)
    form.actor.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(user_id), f"{name} ({email})")
        for user_id, name, email in db.session.execute(
            sa.select(User.id, User.name, User.email).order_by(User.name)
        )
    ]
    if form.validate():
        filters = AuditFilters(
            actor_id=form.actor_id(),
            entity_type=(form.entity_type.data or "").strip(),
            entity_id=(form.entity_id.data or "").strip(),
            action=(form.action.data or "").strip(),
            start=form.start.data,
            end=form.end.data,
        )
        page = audit_page(
            db.session,
            filters,
            current_app.config["PAGE_SIZE"],
            before=_cursor("voor"),
            after=_cursor("na"),
        )
    else:
        page = AuditPage(items=[], older=None, newer=None)
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        entity_types=_entity_types(),
        actions=COMMON_ACTIONS,
    )


@bp.get("/<int:entry_id>")
@require(can_read_audit)
def detail(entry_id: int) -> str:
    """One audit entry: who, when, from where, and each changed field's old and new value."""
    entry = db.get_or_404(AuditEntry, entry_id)
    changes = sorted((entry.changes or {}).items())
    return render_template("audit/detail.html", entry=entry, changes=changes)


bp.add_app_template_filter(audit_value)
