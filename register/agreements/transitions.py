"""One way to run an agreement transition from a form, for the staff screens and the portal.

Load the agreement (scoped by the caller), validate the form, run the service, commit once.
A wrong confirmation word shows the page again with the error at the field; other refusals
(wrong state, stale version, missing data) are flashed in Dutch; nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, redirect, url_for
from sqlalchemy.orm.exc import StaleDataError

from register.agreements.errors import AgreementError, ConfirmationMismatch, StaleAgreement
from register.agreements.forms import ReasonForm, ScanForm, SignForm
from register.agreements.models import Agreement
from register.extensions import db

_FORM_NAMES = {ReasonForm: "reason_form", SignForm: "sign_form", ScanForm: "scan_form"}


@dataclass(frozen=True, slots=True)
class Screen:
    """Where a transition happens: how to load the agreement, show it, and its URL."""

    load: Callable[[int], Agreement]  # 404 outside the user's reach
    render: Callable[..., Any]  # render(agreement, status, **forms)
    endpoint: str  # the detail page, with `agreement_id`


def form_name(form: Any) -> str:
    """The name the detail template gives this kind of form."""
    return _FORM_NAMES.get(type(form), "action_form")


def run_transition(
    screen: Screen,
    agreement_id: int,
    form: Any,
    run: Callable[[Agreement, Any], Any],
    done: str,
) -> Any:
    """Run `run(agreement, form)` and commit; flash `done` or the reason it was refused."""
    agreement = screen.load(agreement_id)
    if not form.validate_on_submit():
        return screen.render(agreement, 400, **{form_name(form): form})
    try:
        run(agreement, form)
        db.session.commit()
    except ConfirmationMismatch as error:
        db.session.rollback()
        form.confirmation.errors.append(str(error.message))
        return screen.render(screen.load(agreement_id), 400, sign_form=form)
    except (AgreementError, StaleDataError) as error:
        db.session.rollback()
        flash(str(getattr(error, "message", StaleAgreement.message)), "error")
    else:
        flash(done, "success")
    return redirect(url_for(screen.endpoint, agreement_id=agreement_id))
