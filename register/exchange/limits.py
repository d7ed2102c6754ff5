"""Maximum text lengths of the imported items, taken from the database columns."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from register.activities.models import (
    Activity,
    ActivitySubprocessor,
    RetentionRule,
    Transfer,
)
from register.organisations.models import Organisation
from register.products.models import Licence, Product
from register.vocabularies.models import Term


def _length(column: Any) -> int | None:
    column_type = column.property.columns[0].type
    return column_type.length if isinstance(column_type, sa.String) else None


_SOURCES: dict[str, Any] = {
    "name": Activity.name,
    "department": Activity.department,
    "owner": Activity.owner,
    "joint_controller": Activity.joint_controller,
    "storage_location": Activity.storage_location,
    "data_source": Activity.data_source,
    "dpia.link": Activity.dpia_link,
    "product.code": Product.code,
    "product.name": Product.name,
    "recipients.name": Organisation.name,
    "recipients.location": Organisation.location,
    "subprocessors.name": Organisation.name,
    "subprocessors.service": ActivitySubprocessor.service,
    "subprocessors.location": ActivitySubprocessor.location,
    "subprocessors.safeguard": ActivitySubprocessor.safeguard,
    "transfers.country": Transfer.country,
    "transfers.recipient": Transfer.recipient,
    "retention.period": RetentionRule.period,
    "retention.trigger": RetentionRule.trigger,
    "controller.name": Organisation.name,
    "controller.brin": Organisation.brin,
    "controller.rio": Organisation.rio,
    "controller.kvk": Organisation.kvk,
    "controller.city": Organisation.city,
    "controller.privacy_contact_email": Organisation.privacy_contact_email,
    "licence.reference": Licence.reference,
}
MAX_LENGTHS: dict[str, int] = {
    path: length for path, column in _SOURCES.items() if (length := _length(column)) is not None
}
MAX_LENGTHS["purposes.lia_link"] = 500
TERM_LABEL_LENGTH = _length(Term.label) or 200
# Term references: their label must fit a new term.
for _path in (
    "purposes.purpose",
    "purposes.legal_basis",
    "purposes.special_condition",
    "data_categories.category",
    "data_categories.data_subject",
    "transfers.mechanism",
    "retention.data_category",
    "data_subjects",
    "recipient_categories",
    "security_measures",
):
    MAX_LENGTHS[_path] = TERM_LABEL_LENGTH
