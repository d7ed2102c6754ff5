"""The plain values a privacy statement is rendered from (no ORM objects reach templates)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict


class ContactData(TypedDict):
    name: str
    address_lines: list[str]
    phone: str
    email: str
    website: str
    dpo_name: str
    dpo_email: str
    dpo_phone: str
    # Why no FG is appointed ("" when one is, or nothing is recorded).
    dpo_not_appointed_reason: str


class PurposeData(TypedDict):
    purpose: str
    # The purpose term's description: what the purpose means for the data subject.
    explanation: str
    # One plain-Dutch phrase per distinct legal basis the purpose is processed on.
    legal_bases: list[str]
    # The legal bases as the register names them ("Toestemming (AVG art. 6 lid 1 sub a)"),
    # and the art. 6(1) letters they stand for: more than one letter is a conflict.
    basis_labels: list[str]
    grounds: list[str]
    # Whether the data subject must provide the data, and what follows if not (art. 13(2)(e)),
    # derived from the one legal basis; empty when the basis does not tell.
    provision: str


class RetentionData(TypedDict):
    # The data categories the rule names, and the activities whose rule covers all their data.
    categories: list[str]
    activities: list[str]
    period: str
    trigger: str
    reason: str
    exception: str


class RecipientData(TypedDict):
    name: str
    location: str


class TransferData(TypedDict):
    country: str
    recipient: str
    mechanism: str
    safeguards: str


class MeasureGroup(TypedDict):
    group: str
    measures: list[str]


class ProductData(TypedDict):
    name: str
    description: str


class SharedData(TypedDict):
    """What the register records about the data a cookie's activity sends to others."""

    activity: str
    data_categories: list[str]
    recipients: list[str]
    transfers: list[str]
    # Statement texts of the activity (legitimate interests, purpose explanations) that a
    # publication is checked against: they must not deny what the register records.
    texts: list[str]


class CookieData(TypedDict):
    name: str
    provider: str
    purpose: str
    kind: str
    kind_label: str
    retention: str
    legal_basis: str
    ground: str
    shared: SharedData | None


class StatementData(TypedDict):
    """Everything the privacy statement says, aggregated over the active controller records."""

    organisation: ContactData | None
    activity_count: int
    data_subjects: list[str]
    data_categories: list[str]
    special_categories: list[str]
    purposes: list[PurposeData]
    retention: list[RetentionData]
    recipient_categories: list[str]
    recipients: list[RecipientData]
    uses_processors: bool
    transfers: list[TransferData]
    security_measures: list[MeasureGroup]
    automated_decisions: bool
    processor_products: list[ProductData]
    cookies: list[CookieData]
    last_changed: dt.date | None
