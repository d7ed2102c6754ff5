"""The staff start page: what in the register and the agreements needs attention."""

from __future__ import annotations

from flask import render_template, request

from register.auth.access import require
from register.auth.permissions import can_read_register
from register.calendar import today
from register.dashboard import bp
from register.dashboard.overview import build_dashboard
from register.extensions import db
from register.pagination import page_number
from register.subject_requests.agenda import privacy_panel


@bp.get("")
@require(can_read_register)
def index() -> str:
    """The compliance dashboard: completeness, reviews, DPIAs, agreements and drift."""
    dashboard = build_dashboard(
        db.session, today=today(), page=page_number(request.args.get("page"))
    )
    return render_template(
        "dashboard/index.html",
        dashboard=dashboard,
        privacy=privacy_panel(db.session, today()),  # requests and breaches
    )
