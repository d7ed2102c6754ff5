"""What every reader of agreements sees: the lists, one agreement, its stored documents."""

from __future__ import annotations

from flask import (
    current_app,
    render_template,
    request,
)
from werkzeug.wrappers import Response

from register.agreements import bp
from register.agreements.queries import (
    AgreementFilters,
    agreement_list,
    drift_list,
    processor_register,
    product_choices,
    uncovered_licences,
)
from register.agreements.sending import send_job_of
from register.agreements.views.screen import (
    LABELS,
    add_download_routes,
    load_agreement,
    render_detail,
)
from register.auth.access import require
from register.auth.permissions import (
    can_read_agreements,
)
from register.calendar import today
from register.db import current_session
from register.pagination import page_number, paginate
from register.rounds.queries import where_rounds_stand


def _per_page() -> int:
    return int(current_app.config["PAGE_SIZE"])


@bp.get("/")
@require(can_read_agreements)
def index() -> str:
    """All agreements, filtered by state, product, school and drift, paginated in SQL."""
    filters = AgreementFilters.from_args(request.args)
    page = paginate(
        current_session(),
        agreement_list(filters),
        page_number(request.args.get("page")),
        _per_page(),
    )
    return render_template(
        "agreements/index.html",
        page=page,
        filters=filters,
        products=product_choices(current_session()),
        rounds=where_rounds_stand(current_session()),
        **LABELS,
    )


@bp.get("/zonder-overeenkomst")
@require(can_read_agreements)
def uncovered() -> str:
    """Current licences of schools without a pending or signed agreement for the product."""
    filters = AgreementFilters.from_args(request.args)
    statement = uncovered_licences(today(), filters.product_id, filters.school)
    page = paginate(
        current_session(), statement, page_number(request.args.get("page")), _per_page()
    )
    return render_template(
        "agreements/uncovered.html",
        page=page,
        filters=filters,
        products=product_choices(current_session()),
    )


@bp.get("/<int:agreement_id>")
@require(can_read_agreements)
def detail(agreement_id: int) -> Response:
    """One agreement: parties, products, state history, documents, signatures, drift."""
    # The send job before the agreement: a job read as done has its work committed, so the
    # page never shows a draft while it stops refreshing.
    send_job = send_job_of(current_session(), agreement_id)
    return render_detail(load_agreement(agreement_id), send_job=send_job)


# Staff who read agreements see every one: their reach is the whole table.
add_download_routes(bp, lambda statement: statement, can_read_agreements)


@bp.get("/drift")
@require(can_read_agreements)
def drift() -> str:
    """Signed agreements whose register data changed: which schools to notify of what."""
    page = paginate(
        current_session(), drift_list(), page_number(request.args.get("page")), _per_page()
    )
    return render_template("agreements/drift.html", page=page)


@bp.get("/verwerkersregister")
@require(can_read_agreements)
def processor_record() -> str:
    """Art. 30(2): per product every controller (school) with a licence and its agreement."""
    filters = AgreementFilters.from_args(request.args)
    page = paginate(
        current_session(),
        processor_register(filters.product_id),
        page_number(request.args.get("page")),
        _per_page(),
    )
    return render_template(
        "agreements/processor_record.html",
        page=page,
        filters=filters,
        products=product_choices(current_session()),
        **LABELS,
    )
