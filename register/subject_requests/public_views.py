"""The public request form linked from the privacy statement.

Open to everyone, so it defends itself: a rate limit per IP address
(`REQUEST_FORM_RATE_LIMIT`, default 5 per hour, counted on submissions), a small body limit
(`REQUEST_FORM_MAX_BYTES`), field length limits, the spam checks of `spam.py` and
autoescaped output only. The requester receives a confirmation by e-mail with the reference
and the deadline, never the text they typed (the form must not become a way to send mail).
"""

from __future__ import annotations

import re

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from register.auth.access import public
from register.calendar import today
from register.errors import DomainError
from register.extensions import db, limiter
from register.subject_requests import bp, spam
from register.subject_requests.forms import PublicRequestForm
from register.subject_requests.services import submit_public_request
from register.submitting import attach_error

REFERENCE = re.compile(r"AVG-\d{4}-\d{4,8}")


def _rate_limit() -> str:
    return str(current_app.config["REQUEST_FORM_RATE_LIMIT"])


@bp.before_request
def _limit_body() -> None:
    if request.endpoint == "subject_requests.submit":
        request.max_content_length = int(current_app.config["REQUEST_FORM_MAX_BYTES"])


@bp.route("/indienen", methods=["GET", "POST"])
@public
@limiter.limit(_rate_limit, methods=["POST"])
def submit() -> Response | str | tuple[str, int]:
    """Anyone may send a request about their personal data."""
    form = PublicRequestForm()
    refused = None
    if form.is_submitted():
        if form.website.data:
            refused = _("Laat het veld ‘Niet invullen’ leeg en verstuur het formulier opnieuw.")
        elif spam.stamp_problem(form.stamp.data or "") is not None:
            refused = _(
                "Het formulier is te snel of te lang geleden verstuurd. Controleer uw gegevens "
                "en verstuur het formulier opnieuw."
            )
    if refused is None and form.validate_on_submit():
        try:
            found = submit_public_request(db.session, form.to_command(today()), today=today())
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            return redirect(url_for("subject_requests.received", reference=found.reference))
    if refused:
        form.form_errors.append(refused)
    form.stamp.data = spam.issue_stamp()
    html = render_template("subject_requests/public_form.html", form=form)
    return (html, 400) if form.is_submitted() else html


@bp.get("/ontvangen/<reference>")
@public
def received(reference: str) -> str:
    """Thanks: the reference and what happens next."""
    if not REFERENCE.fullmatch(reference):
        abort(404)
    return render_template("subject_requests/received.html", reference=reference)
