"""The exchange page: export buttons, the register on a past date, and the import flow."""

from __future__ import annotations

import math

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from register.auth.access import require
from register.auth.permissions import can_export, can_import, can_read_register
from register.downloads import attachment
from register.errors import DomainError
from register.exchange import bp
from register.exchange.errors import FileRejected, ImportInvalid, ImportStale
from register.exchange.exporting.dataset import load_register
from register.exchange.exporting.services import ExportCommand, export_register
from register.exchange.filters import ActivityFilter
from register.exchange.forms import AsOfForm, ConfirmImportForm, ExportForm, ImportForm
from register.exchange.importing import staging
from register.exchange.importing.services import import_register, preview_import
from register.extensions import db
from register.jobs.exports import queue_register_pdf
from register.pagination import page_number
from register.pdf import RenderError


def _index(
    export_form: ExportForm | None = None, import_form: ImportForm | None = None, status: int = 200
) -> ResponseReturnValue:
    activity_filter = ActivityFilter.from_args(request.args)
    if export_form is None:
        export_form = ExportForm(formdata=None, data=activity_filter.as_params())
    return (
        render_template(
            "exchange/index.html",
            export_form=export_form,
            import_form=import_form or ImportForm(formdata=None),
            as_of_form=AsOfForm(formdata=None),
            activity_filter=export_form.activity_filter(),
        ),
        status,
    )


@bp.get("/")
@require(can_export)
def index() -> ResponseReturnValue:
    """Export buttons (with the overview's filter), the history link and the import upload."""
    return _index()


@bp.post("/export")
@require(can_export)
def export() -> ResponseReturnValue:
    """Download the register in the chosen format (audited)."""
    form = ExportForm()
    if not form.validate_on_submit():
        return _index(export_form=form, status=400)
    if form.format.data == "pdf":  # made by a worker; its page shows progress (register/jobs)
        job = queue_register_pdf(form.activity_filter(), form.as_of_date, user=current_user)
        db.session.commit()
        return redirect(url_for("jobs.show", job_id=job.id))
    try:
        exported = export_register(
            db.session,
            ExportCommand(
                format=form.format.data,
                activity_filter=form.activity_filter(),
                as_of=form.as_of_date,
            ),
        )
    except (DomainError, RenderError) as error:
        db.session.rollback()
        form.format.errors = [str(error.message)]
        return _index(export_form=form, status=400)
    db.session.commit()
    return attachment(exported.data, exported.mimetype, exported.filename)


@bp.get("/stand")
@require(can_read_register)
def as_of() -> ResponseReturnValue:
    """The register as it stood at the end of a past day."""
    form = AsOfForm(request.args)
    data = None
    page, pages = page_number(request.args.get("page")), 1
    records: list[dict] = []
    if "datum" in request.args and form.validate():
        data = load_register(
            db.session,
            activity_filter=ActivityFilter.from_args(request.args),
            as_of=form.as_of_date,
        )
        per_page = 100
        pages = max(1, math.ceil(len(data.records) / per_page))
        page = min(page, pages)
        records = data.records[(page - 1) * per_page : page * per_page]
    export_form = ExportForm(
        formdata=None,
        data={**ActivityFilter.from_args(request.args).as_params(), "as_of": form.datum.data or ""},
    )
    return render_template(
        "exchange/as_of.html",
        form=form,
        data=data,
        records=records,
        page=page,
        pages=pages,
        export_form=export_form,
    )


@bp.post("/import")
@require(can_import)
def upload() -> ResponseReturnValue:
    """Check an uploaded workbook and show what importing it would change."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _index(import_form=form, status=400)
    content = form.file.data.read()
    filename = form.file.data.filename or "import.xlsx"
    try:
        result = preview_import(db.session, content, filename=filename)
    except FileRejected as error:
        db.session.rollback()
        form.file.errors = [str(error.message)]
        return _index(import_form=form, status=400)
    db.session.rollback()  # the preview only read
    confirm = None
    if not result.issues:
        staged = staging.stage(content, filename, current_user.id)
        confirm = ConfirmImportForm(formdata=None, data={"token": staged.token})
    return render_template("exchange/preview.html", result=result, confirm_form=confirm)


@bp.post("/import/bevestigen")
@require(can_import)
def confirm() -> ResponseReturnValue:
    """Import the previewed file (all or nothing) or cancel."""
    form = ConfirmImportForm()
    if form.cancel.data:
        staging.discard()
        flash(_("De import is geannuleerd; er is niets opgeslagen."), "info")
        return redirect(url_for("exchange.index"))
    staged = (
        staging.load(form.token.data or "", current_user.id) if form.validate_on_submit() else None
    )
    if staged is None:
        flash(_("Het bestand is verlopen of al verwerkt. Laad het opnieuw op."), "error")
        return redirect(url_for("exchange.index"))
    try:
        result = import_register(
            db.session,
            staged.content,
            filename=staged.filename,
            overwrite=frozenset(request.form.getlist("overschrijven")),
        )
    except ImportStale as error:
        # The file is sound: keep it, and offer the overwrite choice again (nothing is lost).
        db.session.rollback()
        return render_template(
            "exchange/preview.html",
            result=error.result,
            issues=error.issues,
            refused_stale=True,
            confirm_form=ConfirmImportForm(formdata=None, data={"token": staged.token}),
        ), 400
    except ImportInvalid as error:
        db.session.rollback()
        staging.discard()
        return render_template(
            "exchange/preview.html", result=None, issues=error.issues, confirm_form=None
        ), 400
    except DomainError as error:
        db.session.rollback()
        staging.discard()
        flash(str(error.message), "error")
        return redirect(url_for("exchange.index"))
    db.session.commit()
    staging.discard()
    flash(
        _(
            "Import opgeslagen: %(created)d nieuw, %(changed)d gewijzigd, "
            "%(unchanged)d verwerking(en) ongewijzigd.",
            created=result.created,
            changed=result.changed,
            unchanged=result.unchanged,
        ),
        "success",
    )
    return redirect(url_for("exchange.index"))
