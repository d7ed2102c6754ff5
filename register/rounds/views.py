"""Round screens: the rounds and their figures, the preview, start, progress, pause, resume.

Every view has the features' shape: load (404) → permission (`require`) → validate →
service → commit once → flash → redirect.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from register.agreements.queries import product_choices
from register.auth.access import require
from register.auth.permissions import can_manage_agreements, can_read_agreements
from register.calendar import today
from register.db import current_session
from register.errors import DomainError
from register.extensions import db
from register.pagination import page_number, paginate
from register.rounds import bp
from register.rounds.forms import ButtonForm, PreviewForm, RoundForm
from register.rounds.models import ItemState, Round
from register.rounds.queries import candidates, round_items, where_rounds_stand
from register.rounds.services import pause_round, resume_round, start_round


def load_round(round_id: int) -> Round:
    """The round, or 404."""
    return db.get_or_404(Round, round_id)


def _index(form: RoundForm) -> str:
    rounds = where_rounds_stand(current_session(), limit=50)
    return render_template("rounds/index.html", rounds=rounds, form=form)


def _per_page() -> int:
    return int(current_app.config["PAGE_SIZE"])


@bp.get("/")
@require(can_read_agreements)
def index() -> str:
    """The newest rounds with their figures, and the form to choose a new one."""
    form = PreviewForm(formdata=None)
    form.offer_products(product_choices(current_session()))
    return _index(form)


@bp.get("/voorbeeld")
@require(can_manage_agreements)
def preview() -> str | tuple[str, int]:
    """How many and which schools a round would cover, paginated in SQL; nothing changes."""
    form = PreviewForm(request.args)
    form.offer_products(product_choices(current_session()))
    if not form.validate():
        return _index(form), 400
    selection = form.to_selection()
    page = paginate(
        current_session(),
        candidates(current_session(), selection, today()),
        page_number(request.args.get("page")),
        _per_page(),
    )
    start = RoundForm(formdata=None, data=request.args.to_dict())
    return render_template(
        "rounds/preview.html",
        page=page,
        form=form,
        start=start,
        selection=selection,
        kind_label=selection.kind.label,
    )


@bp.post("/starten")
@require(can_manage_agreements)
def start() -> Response | tuple[str, int]:
    """Start the round: its items are recorded now, a worker makes and sends the agreements."""
    form = RoundForm()
    form.offer_products(product_choices(current_session()))
    if not form.validate_on_submit():
        return _index(form), 400
    try:
        round_ = start_round(
            current_session(), form.to_selection(), user_id=current_user.id, on=today()
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("rounds.index"))
    flash(_("De ronde is gestart met %(count)d overeenkomst(en).", count=round_.total), "success")
    return redirect(url_for("rounds.show", round_id=round_.id))


@bp.get("/<int:round_id>")
@require(can_read_agreements)
def show(round_id: int) -> Response:
    """A round's progress: done, failed with the reason, waiting (the page refreshes itself)."""
    round_ = load_round(round_id)
    state = next((s for s in ItemState if s.value == request.args.get("stand")), None)
    page = paginate(
        current_session(),
        round_items(round_.id, state),
        page_number(request.args.get("page")),
        _per_page(),
    )
    [standing] = where_rounds_stand(current_session(), only=round_.id)
    response = make_response(
        render_template(
            "rounds/show.html",
            round=round_,
            figures=standing,
            page=page,
            state=state,
            item_labels=ItemState.labels(),
            action_form=ButtonForm(formdata=None),
        )
    )
    if not round_.finished and not round_.paused:
        response.headers["Refresh"] = "3"  # follow the round without a script
    return response


def _change(round_id: int, change: Callable[[Session, Round], None], done: str) -> Response:
    round_ = load_round(round_id)
    if ButtonForm().validate_on_submit():
        try:
            change(current_session(), round_)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(done, "success")
    return redirect(url_for("rounds.show", round_id=round_id))


@bp.post("/<int:round_id>/pauzeren")
@require(can_manage_agreements)
def pause(round_id: int) -> Response:
    """Prepare no further agreements; what is being sent finishes."""
    return _change(round_id, pause_round, _("De ronde is gepauzeerd."))


@bp.post("/<int:round_id>/hervatten")
@require(can_manage_agreements)
def resume(round_id: int) -> Response:
    """Go on with the round."""
    return _change(round_id, resume_round, _("De ronde gaat verder."))
