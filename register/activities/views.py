"""Routes of the activities feature: overview, record, history, create, edit, activate, retire."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from register.activities import bp
from register.activities.catalogue import Section, section_fields
from register.activities.choices import load_choices
from register.activities.commands import ActivityCommand
from register.activities.completeness import missing_items
from register.activities.diff import diff_records, item_text
from register.activities.errors import ActivityIncomplete, StaleActivity
from register.activities.facts import load_facts, own_organisation
from register.activities.forms import (
    ActivateForm,
    ActivityForm,
    RetireForm,
    ids_in_use,
    initial_data,
)
from register.activities.labels import STATUS_BADGES, shown
from register.activities.models import Activity, ActivityStatus, DpiaStatus, Role
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
from register.activities.services import (
    activate_activity,
    create_activity,
    delete_draft_activity,
    retire_activity,
    update_activity,
)
from register.auth.access import require
from register.auth.permissions import can_edit_register, can_read_audit, can_read_register
from register.calendar import today
from register.errors import DomainError
from register.extensions import db
from register.form_tokens import commit_created, first_result
from register.forms import ConfirmedForm
from register.pagination import requested_page
from register.products.models import Product
from register.vocabularies.models import Term, Vocabulary

HISTORY_PAGE_SIZE = 10
LABELS = {
    "role_labels": Role.labels(),
    "status_labels": ActivityStatus.labels(),
    "status_badges": STATUS_BADGES,
    "dpia_labels": DpiaStatus.labels(),
    "item_text": item_text,
    "management_fields": section_fields(Section.MANAGEMENT),
    "shown": shown,
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
    page = requested_page(activity_list(filters))
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
        controllers = requested_page(controllers_of(activity.product_id, today()))
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
    page = requested_page(history_of(activity_id), HISTORY_PAGE_SIZE)
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


ACTIVATE = "activeren"


def _report(form: ActivityForm | RetireForm, error: DomainError) -> None:
    db.session.rollback()
    form.form_errors.append(str(error.message))
    if isinstance(error, ActivityIncomplete):
        form.form_errors.extend(f"{i.message} ({i.article})" for i in error.items)


def _render_form(form: ActivityForm, activity: Activity | None, **extra: object) -> str:
    form.add_blank_rows()
    return render_template(
        "activities/form.html",
        form=form,
        activity=activity,
        role_labels=Role.labels(),
        status_labels=ActivityStatus.labels(),
        dpia_labels=DpiaStatus.labels(),
        item_text=item_text,
        **extra,
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@require(can_edit_register)
def create() -> Response | str:
    """Add an activity to the register (as a draft, or active when complete)."""
    form = ActivityForm(load_choices(db.session))
    if not form.is_submitted():
        role = request.args.get("rol")
        form["role"].data = role if role in {r.value for r in Role} else Role.CONTROLLER.value
        form["dpia_status"].data = DpiaStatus.NOT_NEEDED.value
    if form.add_row(request.form):
        return _render_form(form, None)
    if (done := first_result(form)) is not None:
        return done
    if form.validate_on_submit():
        try:
            activity = create_activity(
                db.session, form.to_command(), activate=ACTIVATE in request.form
            )
        except DomainError as error:
            _report(form, error)
        else:
            location = url_for("activities.detail", activity_id=activity.id)
            if (twin := commit_created(form, location)) is not None:
                return twin
            flash(_("Verwerking ‘%(name)s’ is toegevoegd.", name=activity.name), "success")
            return redirect(location)
    return _render_form(form, None)


@bp.route("/<int:activity_id>/bewerken", methods=["GET", "POST"])
@require(can_edit_register)
def edit(activity_id: int) -> Response | str | tuple[str, int]:
    """Change an activity; a form based on an old version overwrites nothing."""
    activity = load_activity(activity_id)
    if activity.status is ActivityStatus.RETIRED:
        flash(_("Een beëindigde verwerking kan niet meer worden gewijzigd."), "error")
        return redirect(url_for("activities.detail", activity_id=activity_id))
    terms, organisations = ids_in_use(activity)
    choices = load_choices(db.session, terms, organisations)
    if request.method == "POST":
        form = ActivityForm(choices)
    else:
        form = ActivityForm(choices, data=initial_data(activity))
    if form.add_row(request.form):
        return _render_form(form, activity)
    if form.validate_on_submit():

        def write(command: ActivityCommand) -> Activity:
            version = form.submitted_version()
            activate = ACTIVATE in request.form
            update_activity(db.session, activity, command, version, activate=activate)
            return activity

        try:
            done = _save(form, write, _("De wijzigingen in ‘%(name)s’ zijn opgeslagen."))
        except StaleActivity as error:
            db.session.rollback()
            return _conflict(form, activity_id, form.submitted_version(), error), 409
        if done is not None:
            return done
    return _render_form(form, activity)


def _save(
    form: ActivityForm, write: Callable[[ActivityCommand], Activity], message: str
) -> Response | None:
    """Write the form's command; commit, say so (`message` names the activity) and show the
    record, or report what the service refused (None). A stale version is the caller's."""
    try:
        activity = write(form.to_command())
    except StaleActivity:
        raise
    except DomainError as error:
        _report(form, error)
        return None
    db.session.commit()
    flash(message % {"name": activity.name}, "success")
    return redirect(url_for("activities.detail", activity_id=activity.id))


def _conflict(form: ActivityForm, activity_id: int, base: int, error: StaleActivity) -> str:
    """The form again, with what the other person changed since `base`."""
    current = load_activity(activity_id)
    record = activity_record(current)
    before = db.session.scalar(snapshot_of(activity_id, base)) if base else None
    last = db.session.execute(history_of(activity_id).limit(1)).first()
    form.version.data = str(current.version)
    return _render_form(
        form,
        current,
        conflict=diff_records(before, record) if before is not None else None,
        conflict_version=last[0] if last else None,
        conflict_user=(last[1] or last[2]) if last else "",
        conflict_message=str(error.message),
    )


@bp.post("/<int:activity_id>/activeren")
@require(can_edit_register)
def activate(activity_id: int) -> Response:
    """Make a complete draft active; otherwise say everything that is missing."""
    activity = load_activity(activity_id)
    form = ActivateForm()
    if form.validate_on_submit():
        try:
            activate_activity(db.session, activity, form.submitted_version())
        except ActivityIncomplete as error:
            db.session.rollback()
            missing = " ".join(str(i.message) for i in error.items)  # each a sentence
            flash(f"{error.message} {missing}", "error")
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("De verwerking is actief."), "success")
    return redirect(url_for("activities.detail", activity_id=activity_id))


@bp.post("/<int:activity_id>/verwijderen")
@require(can_edit_register)
def delete(activity_id: int) -> Response:
    """Delete a draft that was never active, after confirmation; others are refused."""
    activity = load_activity(activity_id)
    name = activity.name
    form = ConfirmedForm()
    if not form.validate_on_submit():
        flash(_("Bevestig eerst dat u dit concept wilt verwijderen."), "error")
        return redirect(url_for("activities.detail", activity_id=activity_id))
    try:
        delete_draft_activity(db.session, activity, form.submitted_version())
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("activities.detail", activity_id=activity_id))
    db.session.commit()
    flash(_("Het concept ‘%(name)s’ is verwijderd.", name=name), "success")
    return redirect(url_for("activities.index"))


@bp.route("/<int:activity_id>/beeindigen", methods=["GET", "POST"])
@require(can_edit_register)
def retire(activity_id: int) -> Response | str:
    """Retire an activity with a reason, after confirmation (it is never deleted)."""
    activity = load_activity(activity_id)
    form = RetireForm()
    if not form.is_submitted():
        form.version.data = str(activity.version)
    if form.validate_on_submit():
        try:
            retire_activity(db.session, activity, form.reason.data or "", form.submitted_version())
        except DomainError as error:
            _report(form, error)
        else:
            db.session.commit()
            flash(_("De verwerking ‘%(name)s’ is beëindigd.", name=activity.name), "success")
            return redirect(url_for("activities.detail", activity_id=activity_id))
    return render_template("activities/retire.html", form=form, activity=activity)
