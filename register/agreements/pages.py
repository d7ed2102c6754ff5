"""The agreement detail page and the staff lookup, shared by the read and action views."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import render_template
from flask_babel import gettext as _

from register.agreements.forms import ActionForm, AgreementForm, ReasonForm, ScanForm, SignForm
from register.agreements.lookups import documents_of, leaflets_of
from register.agreements.models import Agreement
from register.agreements.services import own_organisation, template_choices
from register.agreements.states import ACTION_LABELS, STATE_BADGES, STATE_LABELS, AgreementState
from register.agreements.storage import AgreementDrift
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product

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
    html = render_template(
        "agreements/detail.html",
        agreement=agreement,
        documents=documents_of(db.session, agreement),
        leaflets=leaflets_of(db.session, agreement),
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


def prepare_form(form: AgreementForm, school: Organisation) -> None:
    """Offer the products the school holds licences for, and the valid text versions."""
    products = db.session.execute(
        sa.select(Product.id, Product.name)
        .where(
            Product.id.in_(
                sa.select(Licence.product_id).where(Licence.organisation_id == school.id)
            )
        )
        .order_by(Product.name)
    ).all()
    form.products.choices = [(pid, name) for pid, name in products]
    form.template.choices = template_choices()


def fill_defaults(form: AgreementForm, school: Organisation) -> None:
    """Prefill a new draft from the school's and the company's own contact data."""
    own = own_organisation(db.session)
    form.title.data = _("Verwerkersovereenkomst Digitale Onderwijsmiddelen")
    form.controller_privacy_name.data = school.privacy_contact_name
    form.controller_privacy_email.data = school.privacy_contact_email
    form.controller_privacy_phone.data = school.privacy_contact_phone
    form.processor_breach_name.data = own.privacy_contact_name
    form.processor_breach_email.data = own.privacy_contact_email
    form.processor_breach_phone.data = own.privacy_contact_phone
    form.products.data = [pid for pid, _name in form.products.choices]  # type: ignore[union-attr]


def find_schools(text: str) -> list[Organisation]:
    """Up to 20 school boards whose name or BRIN contains the text."""
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(
                Organisation.kind == OrganisationKind.SCHOOL,
                sa.or_(
                    Organisation.name.icontains(text, autoescape=True),
                    Organisation.brin.icontains(text, autoescape=True),
                ),
            )
            .order_by(Organisation.name)
            .limit(20)
        )
    )
