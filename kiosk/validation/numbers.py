"""Whole numbers (e.g. number of rooms) and decimals (e.g. flat size in m² "72,5")."""

from __future__ import annotations

import re
from decimal import Decimal

from kiosk.validation.typed_input import text_of

_INTEGER = re.compile(r"[-\u2212]?[0-9]+")
_DECIMAL = re.compile(r"[-\u2212]?[0-9]+(?:[.,][0-9]+)?")
#: Longer inputs are refused before conversion (Python refuses int() on > 4300 digits).
_MAX_DIGITS = 18


class InvalidNumber(ValueError):
    """A value that is not a readable number; ``key`` is the message key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _clean(value: object, kind: str, pattern: re.Pattern[str]) -> str:
    text = text_of(value)
    if text is None:
        raise InvalidNumber(f"{kind}.format")
    text = text.strip()
    if text == "":
        raise InvalidNumber(f"{kind}.empty")
    if pattern.fullmatch(text) is None:
        raise InvalidNumber(f"{kind}.format")
    text = text.replace("\u2212", "-").replace(",", ".")
    digits = text.lstrip("-").split(".")[0].lstrip("0")
    if len(digits) > _MAX_DIGITS:
        raise InvalidNumber(f"{kind}.too_small" if text.startswith("-") else f"{kind}.too_large")
    return text


def parse_integer(value: str) -> int:
    """The whole number typed; raises :class:`InvalidNumber`."""
    return int(_clean(value, "integer", _INTEGER))


def parse_decimal(value: str) -> Decimal:
    """The decimal typed, "," or "." as decimal mark; raises :class:`InvalidNumber`."""
    text = _clean(value, "decimal", _DECIMAL)
    if len(text) > 2 * _MAX_DIGITS:  # absurdly many decimal places
        raise InvalidNumber("decimal.format")
    return Decimal(text)


def _range_key(
    kind: str, number: int | Decimal, minimum: int | Decimal | None, maximum: int | Decimal | None
) -> str | None:
    if minimum is not None and number < minimum:
        return f"{kind}.too_small"
    if maximum is not None and number > maximum:
        return f"{kind}.too_large"
    return None


def check_integer(value: str, min: int | None = None, max: int | None = None) -> str | None:
    """``None`` for a whole number within ``min``..``max`` (both inclusive, both optional).

    ``min``/``max`` shadow the builtins on purpose: the names are the form files' keywords.
    """
    try:
        number = parse_integer(value)
    except InvalidNumber as err:
        return err.key
    return _range_key("integer", number, min, max)


def check_decimal(
    value: str, min: Decimal | int | None = None, max: Decimal | int | None = None
) -> str | None:
    """``None`` for a decimal number ("72,5", "72.5", "72") within ``min``..``max``."""
    try:
        number = parse_decimal(value)
    except InvalidNumber as err:
        return err.key
    return _range_key("decimal", number, min, max)


def normalise_decimal(value: str) -> str:
    """The number with "." as decimal mark ("72,5" → "72.5"); unreadable: stripped. Never raises."""
    try:
        # "f": plain digits, never exponent notation such as "1E-7".
        return format(parse_decimal(value), "f")
    except InvalidNumber:
        text = text_of(value)
        return "" if text is None else text.strip()
