"""The single art. 30 items that a completeness check looks at, and what it reports."""

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
    dpia = record.get("dpia") if isinstance(record.get("dpia"), Mapping) else {}
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
