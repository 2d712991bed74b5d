"""Steuerliche Identifikationsnummer (Steuer-ID): format, digit-repetition rule, check digit.

Rules as in shared/reference/BENEFITS.md: 11 digits, first not 0; among the first ten digits
exactly one digit occurs two or three times and every other at most once; a digit occurring
three times must not stand three times in a row; the last digit is the ISO/IEC 7064
MOD 11,10 check digit over the first ten.
"""

from __future__ import annotations

from collections import Counter

from kiosk.validation.typed_input import compact, is_ascii_digits, text_of

#: Separators people type inside a Steuer-ID (as printed on letters: "36 574 261 809").
_SEPARATORS = "/"


def normalise_tax_id(value: str) -> str:
    """The Steuer-ID without spaces and slashes (the stored form). Never raises."""
    text = text_of(value)
    if text is None:
        return ""
    return compact(text, _SEPARATORS)


def tax_id_check_digit(first10: str) -> int:
    """ISO/IEC 7064 MOD 11,10 check digit over ten ASCII digits."""
    product = 10
    for char in first10:
        total = (int(char) + product) % 10
        if total == 0:
            total = 10
        product = (2 * total) % 11
    check = 11 - product
    return 0 if check == 10 else check


def _repetition_ok(first10: str) -> bool:
    counts = Counter(first10)
    repeated = [digit for digit, n in counts.items() if n > 1]
    if len(repeated) != 1:
        return False
    digit = repeated[0]
    n = counts[digit]
    if n > 3:
        return False
    return not (n == 3 and digit * 3 in first10)


def check_tax_id(value: str) -> str | None:
    """``None`` if ``value`` is a valid Steuer-ID, else the message key of the first rule broken."""
    text = text_of(value)
    if text is None:
        return "tax_id.format"
    digits = normalise_tax_id(text)
    if digits == "":
        return "tax_id.empty"
    if len(digits) != 11 or not is_ascii_digits(digits):
        return "tax_id.format"
    if digits[0] == "0":
        return "tax_id.leading_zero"
    if not _repetition_ok(digits[:10]):
        return "tax_id.repetition"
    if tax_id_check_digit(digits[:10]) != int(digits[10]):
        return "tax_id.check_digit"
    return None
