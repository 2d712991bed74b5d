"""Steuerliche Identifikationsnummer (Steuer-ID): format, digit-repetition rule, check digit.

Rules as in shared/reference/BENEFITS.md: 11 digits, first not 0; among the first ten digits
exactly one digit occurs two or three times and every other at most once; a digit occurring
three times must not stand three times in a row; the last digit is the ISO/IEC 7064
MOD 11,10 check digit over the first ten. python-stdnum's ``stdnum.de.idnr`` checks all of
them but the last repetition rule.
"""

from __future__ import annotations

from stdnum.de import idnr
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.iso7064 import mod_11_10

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
    return int(mod_11_10.calc_check_digit(first10))


def _three_in_a_row(first10: str) -> bool:
    """BZSt rule since 2016, which stdnum.de.idnr does not check: no digit three times
    in a row."""
    return any(digit * 3 in first10 for digit in "0123456789")


def check_tax_id(value: str) -> str | None:
    """``None`` if ``value`` is a valid Steuer-ID, else the message key of the first rule broken."""
    text = text_of(value)
    if text is None:
        return "tax_id.format"
    digits = normalise_tax_id(text)
    if digits == "":
        return "tax_id.empty"
    if len(digits) != 11 or not is_ascii_digits(digits):
        return "tax_id.format"  # also what stdnum would drop as a separator ("-", ".")
    try:
        idnr.validate(digits)
    except InvalidChecksum:
        return "tax_id.repetition" if _three_in_a_row(digits[:10]) else "tax_id.check_digit"
    except ValidationError:
        # 11 ASCII digits: stdnum's InvalidFormat is the leading zero or the repetition rule.
        return "tax_id.leading_zero" if digits[0] == "0" else "tax_id.repetition"
    if _three_in_a_row(digits[:10]):
        return "tax_id.repetition"
    return None
