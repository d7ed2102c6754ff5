"""Routes of the activities feature: the overview, the art. 30 record and its history."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, current_app, render_template, request

from register.activities import bp
from register.activities import editing as _editing  # noqa: F401  (create/edit/retire routes)
from register.activities.completeness import missing_items
from register.activities.diff import diff_records, item_text
from register.activities.facts import load_facts, own_organisation
from register.activities.forms import ActivateForm
from register.activities.labels import DPIA_LABELS, ROLE_LABELS, STATUS_BADGES, STATUS_LABELS
from register.activities.models import Activity, ActivityStatus, Role
from register.activities.queries import (
    MAX_ID,
    ActivityFilter,
    activity_list,
    controllers_of,
    history_of,
    is_overdue,
    load_activity,
    snapshot_of,
)
from register.activities.record import activity_record
from register.auth.access import require
from register.auth.permissions import can_read_audit, can_read_register
from register.calendar import today
from register.extensions import db
from register.pagination import page_number, paginate
from register.products.models import Product
from register.vocabularies.models import Term, Vocabulary

HISTORY_PAGE_SIZE = 10
LABELS = {
    "role_labels": ROLE_LABELS,
    "status_labels": STATUS_LABELS,
    "status_badges": STATUS_BADGES,
    "dpia_labels": DPIA_LABELS,
    "item_text": item_text,
}


def _filter_options() -> dict[str, Any]:
    """Data categories, legal bases and products to filter on (two queries)."""
    terms = db.session.execute(
        sa.select(Term.id, Term.vocabulary, Term.label)
        .where(Term.vocabulary.in_([Vocabulary.DATA_CATEGORY, Vocabulary.LEGAL_BASIS]))
        .order_by(Term.sort_order, Term.label)
    ).all()
    products = db.session.execute(sa.select(Product.id, Product.name).order_by(Product.name)).all()
    return {
        "categories": [(t.id, t.label) for t in terms if t.vocabulary is Vocabulary.DATA_CATEGORY],
        "bases": [(t.id, t.label) for t in terms if t.vocabulary is Vocabulary.LEGAL_BASIS],
        "products": [(p.id, p.name) for p in products],
    }


@bp.get("/")
@require(can_read_register)
def index() -> str:
    """The register: search, filter, sort and page through the activities."""
    filters = ActivityFilter.from_args(request.args)
    page = paginate(
        db.session,
        activity_list(filters),
        page_number(request.args.get("page")),
        current_app.config["PAGE_SIZE"],
    )
    on = today()
    return render_template(
        "activities/index.html",
        page=page,
        filters=filters,
        options=_filter_options(),
        overdue={a.id for a in page.items if is_overdue(a, on)},
        roles=list(Role),
        statuses=list(ActivityStatus),
        **LABELS,
    )


@bp.get("/<int:activity_id>")
@require(can_read_register)
def detail(activity_id: int) -> str:
    """One activity laid out as its art. 30 record, with what is still missing."""
    activity = load_activity(activity_id)
    own = own_organisation(db.session)
    record = activity_record(activity)
    items = missing_items(record, load_facts(db.session, own=own))
    controllers = None
    if activity.role is Role.PROCESSOR and activity.product_id is not None:
        controllers = paginate(
            db.session,
            controllers_of(activity.product_id, today()),
            page_number(request.args.get("page")),
            current_app.config["PAGE_SIZE"],
        )
    return render_template(
        "activities/detail.html",
        activity=activity,
        record=record,
        missing=items,
        own=own,
        controllers=controllers,
        overdue=is_overdue(activity, today()),
        activate_form=ActivateForm(),
        **LABELS,
    )


@bp.get("/<int:activity_id>/geschiedenis")
@require(can_read_audit)
def history(activity_id: int) -> str:
    """Every version of an activity: when, by whom and what changed."""
    activity = db.session.get(Activity, activity_id) if activity_id <= MAX_ID else None
    if activity is None:
        abort(404)
    page = paginate(
        db.session,
        history_of(activity_id),
        page_number(request.args.get("page")),
        HISTORY_PAGE_SIZE,
    )
    previous = None
    if page.items and page.items[-1][0].number > 1:
        previous = db.session.scalar(snapshot_of(activity_id, page.items[-1][0].number - 1))
    entries = []
    for index, (version, user_name, user_email) in enumerate(page.items):
        older = page.items[index + 1][0].snapshot if index + 1 < len(page.items) else previous
        entries.append(
            {
                "version": version,
                "user": user_name or user_email or "",
                "changes": diff_records(older, version.snapshot),
            }
        )
    return render_template(
        "activities/history.html", activity=activity, page=page, entries=entries, **LABELS
    )
