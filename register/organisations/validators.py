"""Form validators for Dutch identifiers, addresses, URLs and plain text.

Formats (kept simple on purpose, documented for users in the help texts):
- BRIN number: two digits and two letters, e.g. "12AB" (the school board's or school's code).
- RIO code: 3 to 20 letters and digits without spaces, e.g. "100B490"; RIO (Registratie
  Instellingen en Opleidingen) codes vary in shape, so only the characters are checked.
- KvK number: exactly eight digits.
- Postcode: four digits (not starting with 0), a space and two letters, e.g. "1234 AB";
  only checked when the country is the Netherlands.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import ValidationError

BRIN = re.compile(r"\d{2}[A-Z]{2}")
RIO = re.compile(r"[0-9A-Z]{3,20}")
KVK = re.compile(r"\d{8}")
POSTCODE = re.compile(r"([1-9]\d{3}) ?([A-Z]{2})")
PHONE = re.compile(r"\+?[0-9 ()\-.]{6,40}")
NETHERLANDS = {"", "nederland", "nl", "the netherlands", "netherlands"}


def strip(value: Any) -> Any:
    """Filter: surrounding whitespace never counts."""
    return value.strip() if isinstance(value, str) else value


def upper_compact(value: Any) -> Any:
    """Filter: identifiers are stored in capitals without spaces."""
    return value.replace(" ", "").upper() if isinstance(value, str) else value


def normalise_postcode(value: Any) -> Any:
    """Filter: "1234ab" becomes "1234 AB"; anything else is left as typed."""
    if not isinstance(value, str):
        return value
    match = POSTCODE.fullmatch(value.strip().upper())
    return f"{match[1]} {match[2]}" if match else value.strip()


class Pattern:
    """Optional field that, when filled, must match a pattern exactly."""

    def __init__(self, pattern: re.Pattern[str], message: Any) -> None:
        self.pattern = pattern
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if field.data and not self.pattern.fullmatch(field.data):
            raise ValidationError(self.message)


def brin(form: Any, field: Field) -> None:
    """A BRIN number: two digits and two letters."""
    Pattern(BRIN, _l("Een BRIN-nummer bestaat uit twee cijfers en twee letters, bijv. 12AB."))(
        form, field
    )


def rio(form: Any, field: Field) -> None:
    """A RIO code: 3 to 20 letters and digits."""
    Pattern(RIO, _l("Een RIO-code bestaat uit 3 tot 20 letters en cijfers, bijv. 100B490."))(
        form, field
    )


def kvk(form: Any, field: Field) -> None:
    """A KvK number: exactly eight digits."""
    Pattern(KVK, _l("Een KvK-nummer bestaat uit precies 8 cijfers, bijv. 41089876."))(form, field)


def phone(form: Any, field: Field) -> None:
    """A phone number: digits with optional +, spaces, dashes, dots and brackets."""
    Pattern(
        PHONE,
        _l("Vul een telefoonnummer in met cijfers, bijv. +31 85-2101580 of 073-1234567."),
    )(form, field)


def http_url(form: Any, field: Field) -> None:
    """An absolute http(s) address with a host name."""
    if not field.data:
        return
    try:
        parts = urlsplit(field.data)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not host or " " in field.data:
        raise ValidationError(
            _l("Vul een volledig webadres in dat begint met https:// of http://.")
        )


def dutch_postcode(country_field: str = "country") -> Any:
    """A Dutch postcode ("1234 AB") when the country is the Netherlands."""

    def check(form: Any, field: Field) -> None:
        country = (getattr(form, country_field).data or "").strip().lower()
        if field.data and country in NETHERLANDS and not POSTCODE.fullmatch(field.data):
            raise ValidationError(
                _l("Een Nederlandse postcode is vier cijfers en twee letters, bijv. 1234 AB.")
            )

    return check
