"""The one function that turns an agreement's frozen snapshot into the document context.

The context schema is fixed in `docs/agreement-context.md`; the input is the snapshot of
plain values (see `snapshot.py`), never ORM objects, so a document can always be produced
again from what was stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from register.agreements.documents.snapshot import fragment_hash
from register.texts import formatting

DEFAULT_SUBJECT = "Betrokkenen"
DELETION_AT_END = (
    "de Verwerker verwijdert de persoonsgegevens of geeft ze terug, naar keuze van de "
    "Onderwijsinstelling, binnen {term}."
)
# Without a term in the register (agreements frozen before it existed) the text can only
# refer to the agreement; `documents check` reports such a product as blocking.
UNNAMED_TERM = "de termijn die de verwerkersovereenkomst noemt"
RIGHTS_DEFAULT = (
    "Verzoeken van betrokkenen worden doorgestuurd naar de Onderwijsinstelling; de "
    "Verwerker helpt de Onderwijsinstelling bij de afhandeling."
)
POLICY_DEFAULT = "De Verwerker treft passende technische en organisatorische maatregelen."


def build_context(
    snapshot: dict[str, Any], signatures: Iterable[dict[str, str]] = ()
) -> dict[str, Any]:
    """The document context for `snapshot`, with the given signature records."""
    meta = snapshot["agreement"]
    particulars = snapshot.get("particulars", {})
    taken = snapshot["taken_at"][:10]
    licences = [dict(licence) for licence in snapshot["licences"]]
    starts = sorted(licence["start"] for licence in licences)
    processor = _party(snapshot["processor"], particulars, "processor")
    products = [_product(fragment, taken, processor["name"]) for fragment in snapshot["products"]]
    return {
        "agreement": {
            "number": meta["number"],
            "title": meta["title"],
            "date": taken,
            "term_start": meta["term_start"],
            "term_end": meta["term_end"],
            "template_id": meta["template_id"],
            "template_version": meta["template_version"],
            "covenant_version": meta["covenant_version"],
            "licence_date": starts[0] if starts else meta["term_start"],
            "notice_period_months": meta["notice_period_months"],
        },
        "processor": processor,
        "controller": _party(snapshot["controller"], particulars, "controller"),
        "licences": licences,
        "products": products,
        "security": _security(snapshot["products"]),
        "deviations": [dict(d) for d in meta.get("deviations", [])],
        "signatures": [dict(s) for s in signatures],
    }


def _contact(value: dict[str, Any] | None) -> dict[str, str]:
    value = value or {}
    return {key: str(value.get(key) or "") for key in ("name", "email", "phone")}


def _party(org: dict[str, Any], particulars: dict[str, Any], party: str) -> dict[str, Any]:
    privacy = _contact(particulars.get(f"{party}_privacy_contact") or org["privacy_contact"])
    breach = particulars.get(f"{party}_breach_contact") or privacy
    signatory = particulars.get(f"{party}_signatory") or {}
    result: dict[str, Any] = {
        "name": org["name"],
        "legal_form": org["legal_form"],
        "kvk": org["kvk"] or "",
        "address": org["address"],
        "postcode": org["postcode"],
        "city": org["city"],
        "privacy_contact": privacy,
        "dpo": _contact(org["dpo"]) if org.get("dpo") else None,
        "breach_contact": _contact(breach),
        "signatory": {
            "name": str(signatory.get("name") or ""),
            "function": str(signatory.get("function") or ""),
        },
    }
    if party == "processor":
        for key in ("country", "email", "phone", "website", "dpo_not_appointed_reason"):
            result[key] = org.get(key) or ""
    else:
        result["brin"] = org.get("brin")
        result["rio"] = org.get("rio")
    return result


def _unique(values: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def _without_repeats(values: list[str]) -> list[str]:
    """Unique values, leaving out one another value already names ("Nederland" beside
    "Hosting bij NedCloud, Nederland"), so the leaflet never reads "Nederland en Nederland"."""
    unique = _unique(value.strip() for value in values if value.strip())
    return [
        value
        for value in unique
        if not any(other != value and value.casefold() in other.casefold() for other in unique)
    ]


def _split(text: str, separator: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(separator) if part.strip()]


def _product(fragment: dict[str, Any], taken: str, processor_name: str) -> dict[str, Any]:
    records = fragment["activities"]
    transfers = [t for r in records for t in r["transfers"]]
    subprocessors = _unique(s for r in records for s in r["subprocessors"])
    subjects = _unique(
        c["data_subject"] or DEFAULT_SUBJECT for r in records for c in r["data_categories"]
    )
    locations = _without_repeats(
        [r["storage_location"] for r in records if r["storage_location"]]
        + [s["location"] for s in subprocessors if s["location"]]
    )
    rights = next((r["rights_available"] for r in records if r["rights_available"]), "")
    return {
        "name": fragment["name"],
        "url": fragment["url"],
        "description": fragment["description"],
        "target_groups": _split(fragment["target_groups"].replace(",", " "), None),
        "users": formatting.split_listing(fragment["users"]),
        "eck_id": bool(fragment["uses_eck_id"]),
        "data_sources": _unique(r["data_source"] for r in records if r["data_source"]),
        "data_groups": [_data_group(subject, records) for subject in subjects],
        "purposes": _unique(
            {"name": p["purpose"], "legal_basis": p["legal_basis"] or "—"}
            for r in records
            for p in r["purposes"]
        ),
        "access": fragment.get("access")
        or [
            *({"who": subject, "what": "de eigen gegevens"} for subject in subjects),
            {
                "who": f"Ondersteuning {processor_name}",
                "what": "alleen wat nodig is om een ondersteuningsvraag af te handelen",
            },
        ],
        "subprocessors": [
            {key: s[key] for key in ("name", "service", "location", "safeguard")}
            for s in subprocessors
        ],
        "processing_locations": locations or ["Nederland"],
        "outside_eea": bool(transfers),
        "transfers": [
            {
                "country": t["country"],
                "mechanism": t["mechanism"] or "",
                "safeguards": t["safeguards"],
            }
            for t in transfers
        ],
        "retention": [
            {
                "category": rule["data_category"] or "Alle gegevens",
                "period": rule["period"],
                "trigger": rule["trigger"],
                "reason": rule["reason"],
            }
            for r in records
            for rule in r["retention"]
        ],
        "deletion_at_end": DELETION_AT_END.format(term=_deletion_term(fragment)),
        "rights_handling": rights or RIGHTS_DEFAULT,
        "certifications": list(fragment.get("certifications") or []),
        # Fragments frozen before leaflets had their own edition fall back to the old values.
        "leaflet_version": fragment.get("leaflet_version") or fragment_hash(fragment)[:8],
        "leaflet_date": fragment.get("leaflet_date") or taken,
    }


def _deletion_term(fragment: dict[str, Any]) -> str:
    term = fragment.get("deletion_term")
    return f"{term} na het einde van de licentie" if term else UNNAMED_TERM


def _data_group(subject: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    categories: list[dict[str, Any]] = []
    for record in records:
        every_purpose = [p["purpose"] for p in record["purposes"]]
        for category in record["data_categories"]:
            if (category["data_subject"] or DEFAULT_SUBJECT) != subject:
                continue
            if any(c["name"] == category["category"] for c in categories):
                continue
            # A category serves the purposes it names; one that names none serves them all.
            served = category.get("purposes") or every_purpose
            categories.append(
                {
                    "name": category["category"],
                    "required": bool(category["required"]),
                    "purpose": "; ".join(served) or "—",
                    "retention": _retention_for(category["category"], record),
                }
            )
    return {"subject": subject, "categories": categories}


def _retention_for(category: str, record: dict[str, Any]) -> str:
    rules = record["retention"]
    specific = [r for r in rules if r["data_category"] == category]
    general = [r for r in rules if not r["data_category"]]
    chosen = (specific or general or [None])[0]
    return chosen["period"] if chosen else "zie Bewaartermijnen"


def _security(fragments: list[dict[str, Any]]) -> dict[str, Any]:
    measures = _unique(m for f in fragments for m in f["security_measures"])
    policies = _unique(
        r["security_description"]
        for f in fragments
        for r in f["activities"]
        if r["security_description"]
    )
    return {
        "measures": [dict(m) for m in measures],
        "certifications": _unique(c for f in fragments for c in f.get("certifications") or []),
        "policy": " ".join(policies) or POLICY_DEFAULT,
    }
