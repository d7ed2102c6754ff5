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
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from register.activities.catalogue import ACTIVITY_FIELDS, Roles

NO_RECIPIENTS = "Geen ontvangers buiten de organisatie"


@dataclass(frozen=True)
class MissingItem:
    """One missing item: a stable code, the article it comes from and a Dutch message."""

    code: str
    article: str
    message: str
    mandatory: bool = True


@dataclass(frozen=True)
class RegisterFacts:
    """Facts outside the record. None means: not known here, so not checked."""

    own_contact_complete: bool | None = None
    # Product code -> number of schools with a current licence for it.
    controllers_by_product: Mapping[str, int] | None = None


def has_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def list_of(record: Mapping[str, Any], key: str) -> list[Any]:
    value = record.get(key)
    return value if isinstance(value, list) else []


def is_legitimate_interest(purpose: Mapping[str, Any]) -> bool:
    reference = str(purpose.get("legal_basis_reference") or "").lower().replace(" ", "")
    label = str(purpose.get("legal_basis") or "").lower()
    return reference.endswith("sub f") or reference.endswith("subf") or "gerechtvaardigd" in label


def contact_items(facts: RegisterFacts, article: str) -> list[MissingItem]:
    if facts.own_contact_complete is False:
        return [
            MissingItem(
                "own_contact",
                article,
                _(
                    "De eigen organisatie is niet vastgelegd met naam, adres en e-mailadres "
                    "of telefoonnummer."
                ),
            )
        ]
    return []


def purpose_items(record: Mapping[str, Any], *, mandatory: bool, article: str) -> list[MissingItem]:
    purposes = [p for p in list_of(record, "purposes") if isinstance(p, Mapping)]
    if not purposes:
        return [MissingItem("purposes", article, _("Er is geen doel vastgelegd."), mandatory)]
    special = any(
        isinstance(c, Mapping) and c.get("special_category")
        for c in list_of(record, "data_categories")
    )
    items: list[MissingItem] = []
    for purpose in purposes:
        name = str(purpose.get("purpose") or "")
        if not has_text(purpose.get("legal_basis")):
            items.append(
                MissingItem(
                    "legal_basis",
                    "art. 6 lid 1",
                    _("Het doel ‘%(purpose)s’ heeft geen grondslag.", purpose=name),
                    mandatory,
                )
            )
        if special and not has_text(purpose.get("special_condition")):
            items.append(
                MissingItem(
                    "special_condition",
                    "art. 9 lid 2",
                    _(
                        "Het doel ‘%(purpose)s’ heeft geen uitzonderingsgrond voor bijzondere "
                        "persoonsgegevens.",
                        purpose=name,
                    ),
                    mandatory,
                )
            )
        if is_legitimate_interest(purpose) and not has_text(purpose.get("legitimate_interest")):
            items.append(
                MissingItem(
                    "legitimate_interest",
                    "art. 6 lid 1 sub f",
                    _(
                        "Bij het doel ‘%(purpose)s’ is het gerechtvaardigd belang niet beschreven.",
                        purpose=name,
                    ),
                    mandatory=False,
                )
            )
    return items


def subject_and_category_items(record: Mapping[str, Any], article: str) -> list[MissingItem]:
    items = []
    if not list_of(record, "data_subjects"):
        items.append(
            MissingItem(
                "data_subjects", article, _("Er zijn geen categorieën betrokkenen vastgelegd.")
            )
        )
    if not list_of(record, "data_categories"):
        items.append(
            MissingItem(
                "data_categories",
                article,
                _("Er zijn geen categorieën persoonsgegevens vastgelegd."),
            )
        )
    return items


def transfer_items(record: Mapping[str, Any], article: str) -> list[MissingItem]:
    items = []
    for transfer in list_of(record, "transfers"):
        if not isinstance(transfer, Mapping):
            continue
        country = str(transfer.get("country") or "")
        if not has_text(country):
            items.append(
                MissingItem("transfer_country", article, _("Een doorgifte heeft geen land."))
            )
        if not (has_text(transfer.get("mechanism")) or has_text(transfer.get("safeguards"))):
            items.append(
                MissingItem(
                    "transfer_safeguards",
                    article,
                    _(
                        "De doorgifte naar ‘%(country)s’ heeft geen doorgiftemechanisme of "
                        "waarborgen.",
                        country=country or "?",
                    ),
                )
            )
    return items


def subprocessor_items(record: Mapping[str, Any]) -> list[MissingItem]:
    items = []
    for sub in list_of(record, "subprocessors"):
        if not isinstance(sub, Mapping):
            continue
        if not (has_text(sub.get("service")) and has_text(sub.get("location"))):
            items.append(
                MissingItem(
                    "subprocessor_incomplete",
                    "art. 28 lid 2 en 4",
                    _(
                        "Bij subverwerker ‘%(name)s’ ontbreekt de dienst of de locatie.",
                        name=str(sub.get("name") or "?"),
                    ),
                )
            )
    return items


def retention_items(
    record: Mapping[str, Any], *, mandatory: bool, article: str
) -> list[MissingItem]:
    rules = [r for r in list_of(record, "retention") if isinstance(r, Mapping)]
    if not any(has_text(r.get("period")) for r in rules):
        return [
            MissingItem("retention", article, _("Er is geen bewaartermijn vastgelegd."), mandatory)
        ]
    if not any(has_text(r.get("reason")) or has_text(r.get("legal_exception")) for r in rules):
        return [
            MissingItem(
                "retention_reason",
                article,
                _("Er is niet vastgelegd waarom de gegevens zo lang worden bewaard."),
                mandatory=False,
            )
        ]
    return []


def presence_items(record: Mapping[str, Any], roles: Roles) -> list[MissingItem]:
    """The empty fields whose presence the catalogue asks for (for `roles`)."""
    return [
        MissingItem(field.path, str(p.article), str(p.message), p.mandatory)
        for field in ACTIVITY_FIELDS
        if (p := field.presence) is not None
        and p.roles is roles
        and not has_text(record.get(field.path))
    ]


def security_items(record: Mapping[str, Any], article: str) -> list[MissingItem]:
    if list_of(record, "security_measures") or has_text(record.get("security_description")):
        return []
    return [MissingItem("security", article, _("Er zijn geen beveiligingsmaatregelen vastgelegd."))]


def governance_items(record: Mapping[str, Any]) -> list[MissingItem]:
    items = presence_items(record, Roles.BOTH)
    dpia = record.get("dpia")
    if not isinstance(dpia, Mapping):
        dpia = {}
    if dpia.get("required") and dpia.get("status") != "completed":
        items.append(
            MissingItem(
                "dpia", "art. 35", _("De vereiste DPIA is nog niet afgerond."), mandatory=False
            )
        )
    if record.get("automated_decision_making") and not has_text(
        record.get("automated_decision_logic")
    ):
        items.append(
            MissingItem(
                "automated_decision_logic",
                "art. 22",
                _("De logica van de geautomatiseerde besluitvorming is niet beschreven."),
            )
        )
    return items


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
