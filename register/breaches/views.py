"""Staff screens for the breach register: list, document, decide, tell the schools, close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from babel.lists import format_list
from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from register.activities.models import Activity, ActivityStatus
from register.auth.access import require
from register.auth.permissions import can_keep_privacy_registers, can_read_privacy_registers
from register.breaches import bp, school_views, services  # noqa: F401  (a school's own breaches)
from register.breaches.export import breach_register_xlsx
from register.breaches.forms import BreachForm, ButtonForm, DecisionForm
from register.breaches.models import Breach, BreachNotice, BreachStatus
from register.db import utcnow
from register.downloads import attachment
from register.errors import Stale
from register.extensions import db
from register.jobs.exports import queue_breach_register_pdf
from register.pagination import requested_page
from register.products.models import Product
from register.submitting import commit_valid, run_create, run_step


def detail_url(breach: Breach) -> str:
    """The breach's own page."""
    return url_for("breaches.detail", breach_id=breach.id)


def load_breach(breach_id: int) -> Breach:
    """The breach, or 404."""
    return db.get_or_404(
        Breach,
        breach_id,
        options=[
            selectinload(Breach.products),
            selectinload(Breach.activities),
            selectinload(Breach.notices).selectinload(BreachNotice.organisation),
        ],
    )


def _choose(form: BreachForm, current: Breach | None) -> None:
    products = db.session.execute(sa.select(Product.id, Product.name).order_by(Product.name))
    form.product_ids.choices = [SelectChoice(row.id, row.name) for row in products]
    activities = db.session.execute(
        sa.select(Activity.id, Activity.name)
        .where(Activity.status != ActivityStatus.RETIRED)
        .order_by(Activity.name)
    ).all()
    choices = [(row.id, row.name) for row in activities]
    if current is not None:
        known = {row.id for row in activities}
        choices += [(a.id, a.name) for a in current.activities if a.id not in known]
        if not form.is_submitted():
            form.fill(current)
            form.version.data = str(current.version)
            form.product_ids.data = [p.id for p in current.products]
            form.activity_ids.data = [a.id for a in current.activities]
    form.activity_ids.choices = [SelectChoice(value, label) for value, label in choices]


@bp.get("/")
@require(can_read_privacy_registers)
def index() -> str:
    """Open breaches first (newest discovered first); `?status=gesloten` the closed ones."""
    closed = request.args.get("status") == "gesloten"
    status = BreachStatus.CLOSED if closed else BreachStatus.OPEN
    page = requested_page(services.breaches_in(status))
    return render_template("breaches/index.html", page=page, closed=closed, now=utcnow())


@bp.route("/nieuw", methods=["GET", "POST"])
@require(can_keep_privacy_registers)
def create() -> Response | str:
    """Document a new breach."""
    form = BreachForm()
    _choose(form, None)
    created = run_create(
        form,
        lambda: services.record_breach(db.session, form.to_command(), now=utcnow()),
        detail_url,
        _("Het datalek is vastgelegd. De klok van 72 uur loopt vanaf het ontdekken."),
    )
    if created is not None:
        return created
    return render_template("breaches/form.html", form=form, breach=None)


@bp.route("/<int:breach_id>/bewerken", methods=["GET", "POST"])
@require(can_keep_privacy_registers)
def edit(breach_id: int) -> Response | str:
    """Change what is documented about an open breach."""
    breach = load_breach(breach_id)
    form = BreachForm()
    _choose(form, breach)
    done = commit_valid(
        form,
        lambda: services.update_breach(
            db.session,
            breach,
            form.to_command(),
            seen_version=form.submitted_version(),
            now=utcnow(),
        ),
        Stale.message,
    )
    if done:
        flash(_("Het datalek is gewijzigd."), "success")
        return redirect(detail_url(breach))
    return render_template("breaches/form.html", form=form, breach=breach)


def _render_detail(breach: Breach, status: int = 200, **forms: Any) -> Any:
    decision_form = DecisionForm(data={"version": breach.version})
    decision_form.fill(breach)
    for name in ("authority_reasoning", "authority_reference", "subjects_reasoning"):
        getattr(decision_form, name).data = getattr(breach, name)
    defaults: dict[str, Any] = {
        "decision_form": decision_form,
        "action_form": ButtonForm(data={"version": breach.version}),
    }
    defaults.update(forms)
    told = {notice.organisation_id for notice in breach.notices}
    html = render_template(
        "breaches/detail.html",
        breach=breach,
        affected=services.affected_schools(db.session, breach),
        told=told,
        period=services.breach_period(breach),
        now=utcnow(),
        **defaults,
    )
    return html if status == 200 else (html, status)


@bp.get("/<int:breach_id>")
@require(can_read_privacy_registers)
def detail(breach_id: int) -> str:
    """One breach: clocks, facts, decision, the schools it touches and who was told."""
    return _render_detail(load_breach(breach_id))


def _step(breach_id: int, form: Any, name: str, run: Callable[[Breach, Any], str]) -> Any:
    return run_step(
        lambda: load_breach(breach_id),
        form,
        lambda breach: run(breach, form),
        url_for("breaches.detail", breach_id=breach_id),
        lambda breach: _render_detail(breach, 400, **{name: form}),
    )


@bp.post("/<int:breach_id>/beslissing")
@require(can_keep_privacy_registers)
def decide(breach_id: int) -> Any:
    """Record the decision to notify the authority and the data subjects."""

    def run(breach: Breach, form: DecisionForm) -> str:
        services.decide(
            db.session, breach, form.to_decision(), seen_version=form.submitted_version()
        )
        return _("De beslissing over melden is vastgelegd.")

    return _step(breach_id, DecisionForm(), "decision_form", run)


@bp.post("/<int:breach_id>/scholen-informeren")
@require(can_keep_privacy_registers)
def notify(breach_id: int) -> Any:
    """Tell every affected school not yet told, by e-mail."""

    def run(breach: Breach, form: ButtonForm) -> str:
        result = services.notify_schools(
            db.session, breach, user_id=current_user.id, seen_version=form.submitted_version()
        )
        message = ngettext(
            "%(num)d school geïnformeerd.", "%(num)d scholen geïnformeerd.", len(result.notified)
        )
        if result.without_address:
            names = format_list(
                [s.name for s in result.without_address], locale=str(get_locale() or "nl")
            )
            message += " " + _(
                "Zonder e-mailadres, dus niet geïnformeerd: %(names)s. Vul hun adres in en "
                "informeer ze alsnog.",
                names=names,
            )
        return message

    return _step(breach_id, ButtonForm(), "action_form", run)


@bp.post("/<int:breach_id>/afsluiten")
@require(can_keep_privacy_registers)
def close(breach_id: int) -> Any:
    """Close the breach once the decision (and any notification) is recorded."""

    def run(breach: Breach, form: ButtonForm) -> str:
        services.close_breach(db.session, breach, seen_version=form.submitted_version())
        return _("Het datalek is afgesloten.")

    return _step(breach_id, ButtonForm(), "action_form", run)


@bp.get("/export.xlsx")
@require(can_read_privacy_registers)
def export_xlsx() -> Response:
    """The breach register as a spreadsheet (art. 33(5)), audited as an export."""
    data = breach_register_xlsx(db.session)
    db.session.commit()
    return attachment(
        data,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "datalekkenregister.xlsx",
    )


@bp.post("/export.pdf")
@require(can_read_privacy_registers)
def export_pdf() -> Response:
    """Queue the breach register as a PDF for the authority (a worker renders it, audited
    as an export); its page shows the progress and offers the file."""
    job = queue_breach_register_pdf(user=current_user)
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id))
