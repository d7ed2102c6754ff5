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


class PurposeData(TypedDict):
    purpose: str
    # The purpose term's description: what the purpose means for the data subject.
    explanation: str
    # One plain-Dutch phrase per distinct legal basis the purpose is processed on.
    legal_bases: list[str]


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
    last_changed: dt.date | None
