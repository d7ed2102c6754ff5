"""Which art. 30 items (and recommended additions) an activity record still lacks.

Works on the plain record of `register.activities.record.activity_record` (so it also judges
stored snapshots and imported records). Two facts live outside the record and are passed in
as `RegisterFacts`: whether the own organisation is known with contact details (art. 30(1)(a)
and 30(2)(a)) and how many schools hold a current licence for each product (the controllers
a processor acts for, art. 30(2)(a)). `register.activities.facts.load_facts` reads them.

Mandatory items block activation and are counted in `Activity.missing_count`; advice items
(AP and common recommendations) are shown but do not block.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from register.activities.art30_items import (
    NO_RECIPIENTS,
    MissingItem,
    RegisterFacts,
    contact_items,
    governance_items,
    list_of,
    presence_items,
    purpose_items,
    retention_items,
    security_items,
    subject_and_category_items,
    subprocessor_items,
    transfer_items,
)
from register.activities.catalogue import Roles

__all__ = ["NO_RECIPIENTS", "MissingItem", "RegisterFacts", "mandatory_missing", "missing_items"]


def _controller(record: Mapping[str, Any], facts: RegisterFacts) -> list[MissingItem]:
    items = contact_items(facts, "art. 30 lid 1 sub a")
    items += purpose_items(record, mandatory=True, article="art. 30 lid 1 sub b")
    items += subject_and_category_items(record, "art. 30 lid 1 sub c")
    if not (list_of(record, "recipient_categories") or list_of(record, "recipients")):
        items.append(
            MissingItem(
                "recipients",
                "art. 30 lid 1 sub d",
                _(
                    "Er zijn geen ontvangers vastgelegd. Zijn er geen, kies dan de categorie "
                    "‘%(none)s’.",
                    none=NO_RECIPIENTS,
                ),
            )
        )
    items += transfer_items(record, "art. 30 lid 1 sub e")
    items += retention_items(record, mandatory=True, article="art. 30 lid 1 sub f")
    items += security_items(record, "art. 30 lid 1 sub g")
    return items


def _processor(record: Mapping[str, Any], facts: RegisterFacts) -> list[MissingItem]:
    items = contact_items(facts, "art. 30 lid 2 sub a")
    product = record.get("product")
    code = product.get("code") if isinstance(product, Mapping) else None
    if not code:
        items.append(
            MissingItem("product", "art. 30 lid 2 sub a", _("Er is geen product aan gekoppeld."))
        )
    elif facts.controllers_by_product is not None and not facts.controllers_by_product.get(code):
        items.append(
            MissingItem(
                "controllers",
                "art. 30 lid 2 sub a",
                _(
                    "Er zijn geen verwerkingsverantwoordelijken (scholen met een licentie) "
                    "voor dit product."
                ),
            )
        )
    items += presence_items(record, Roles.PROCESSOR)
    items += transfer_items(record, "art. 30 lid 2 sub c")
    items += security_items(record, "art. 30 lid 2 sub d")
    items += subject_and_category_items(record, "art. 28 lid 3")
    items += purpose_items(record, mandatory=False, article="art. 28 lid 3")
    items += retention_items(record, mandatory=False, article="art. 28 lid 3 sub g")
    return items


def missing_items(
    record: Mapping[str, Any], facts: RegisterFacts | None = None
) -> list[MissingItem]:
    """Every missing item of a record, mandatory ones and advice, in record order."""
    facts = facts or RegisterFacts()
    if record.get("role") == "processor":
        items = _processor(record, facts)
    else:
        items = _controller(record, facts)
    return items + subprocessor_items(record) + governance_items(record)


def mandatory_missing(
    record: Mapping[str, Any], facts: RegisterFacts | None = None
) -> list[MissingItem]:
    """The missing items that block activation (their number is `Activity.missing_count`)."""
    return [item for item in missing_items(record, facts) if item.mandatory]
