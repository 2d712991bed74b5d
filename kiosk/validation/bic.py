"""BIC (SWIFT code): 8 or 11 characters; optional inside SEPA, so an empty value is valid."""

from __future__ import annotations

import re

from kiosk.validation.countries import COUNTRY_CODES
from kiosk.validation.typed_input import compact_upper, text_of

# Bank code (4 letters), country (2 letters), location (2 alnum), optional branch (3 alnum).
_BIC = re.compile(r"[A-Z]{4}([A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?")


def normalise_bic(value: str) -> str:
    """The BIC without whitespace, ASCII letters upper-cased. Never raises."""
    return compact_upper(value)


def check_bic(value: str) -> str | None:
    """``None`` for an empty value or a well-formed BIC, else a message key."""
    text = text_of(value)
    if text is None:
        return "bic.format"
    bic = normalise_bic(text)
    if bic == "":
        return None
    match = _BIC.fullmatch(bic)
    if match is None:
        return "bic.format"
    if match.group(1) not in COUNTRY_CODES:
        return "bic.country"
    return None
