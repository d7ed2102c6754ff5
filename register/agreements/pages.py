"""The agreement detail page and the staff lookup, shared by the read and action views."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import render_template

from register.agreements.forms import ActionForm, ReasonForm, ScanForm, SignForm
from register.agreements.lookups import documents_of, snapshot_data
from register.agreements.models import Agreement
from register.agreements.states import ACTION_LABELS, STATE_BADGES, STATE_LABELS, AgreementState
from register.agreements.storage import AgreementDrift
from register.extensions import db

LABELS = {"state_labels": STATE_LABELS, "state_badges": STATE_BADGES, "States": AgreementState}


def load_agreement(agreement_id: int) -> Agreement:
    """The agreement for staff (who see every agreement), or 404."""
    return db.get_or_404(Agreement, agreement_id)


def render_detail(agreement: Agreement, status: int = 200, **forms: Any) -> Any:
    """The detail page, with fresh forms unless a view passes some with errors."""
    version = {"version": agreement.version}
    defaults: dict[str, Any] = {
        "action_form": ActionForm(data=version),
        "reason_form": ReasonForm(data=version),
        "scan_form": ScanForm(data=version),
        "sign_form": SignForm(data={**version, "name": "", "function": ""}),
    }
    defaults.update(forms)
    snapshot = snapshot_data(db.session, agreement)
    html = render_template(
        "agreements/detail.html",
        agreement=agreement,
        documents=documents_of(db.session, agreement),
        leaflets=[p["name"] for p in snapshot["products"]] if snapshot else [],
        drift=db.session.get(AgreementDrift, agreement.id),
        successors=db.session.scalars(
            sa.select(Agreement)
            .where(Agreement.supersedes_id == agreement.id)
            .order_by(Agreement.id)
        ).all(),
        action_labels=ACTION_LABELS,
        signed_parties={s.party.value for s in agreement.signatures},
        **LABELS,
        **defaults,
    )
    return html if status == 200 else (html, status)
