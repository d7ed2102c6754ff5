"""Maximum text lengths of the imported items, taken from the database columns.

The activity's items come from the field catalogue (`register.activities.catalogue`).
"""

from __future__ import annotations

from typing import Any

from register.activities.catalogue import column_length, part_limits
from register.exchange.columns import SCHOOL_CONTROLLER_FIELDS
from register.organisations.models import Organisation
from register.products.models import Licence, Product

# The school sheet's columns (the activity's come from the catalogue).
_SOURCES: dict[str, Any] = {
    **{f"controller.{name}": getattr(Organisation, name) for name, _h in SCHOOL_CONTROLLER_FIELDS},
    "licence.reference": Licence.reference,
    "product.deletion_term": Product.deletion_term,
}
MAX_LENGTHS: dict[str, int] = {
    path: length
    for path, column in _SOURCES.items()
    if (length := column_length(column)) is not None
}
MAX_LENGTHS.update(part_limits())
