"""Euro amounts as typed ("1.234,56", "1234.56", "1234", "1 234,50 €"), parsed exactly to cents.

Money never passes through float. Not negative, at most 1,000,000 €.
Separators: with both "." and "," present, the last one is the decimal mark and the other
groups thousands; "," alone is the decimal mark (German); "." alone is the decimal mark when
one or two digits follow it and groups thousands otherwise ("1.234" = 1234 €).
"""

from __future__ import annotations

import re

from kiosk.validation.typed_input import text_of

MAX_MONEY_CENTS = 1_000_000 * 100

_CURRENCY = re.compile(r"^(?:€|EUR)\s*|\s*(?:€|EUR)$", re.IGNORECASE)
# Spaces people (and copy-paste) put between digit groups.
_GROUP_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})
_D = "[0-9]"
_AMOUNT_FORMS = [
    # plain: 1234 / 1234,5 / 1234.56
    re.compile(rf"(?P<int>{_D}+)(?:[.,](?P<frac>{_D}{{1,2}}))?"),
    # German grouping: 1.234 / 1.234.567,89
    re.compile(rf"(?P<int>{_D}{{1,3}}(?:\.{_D}{{3}})+)(?:,(?P<frac>{_D}{{1,2}}))?"),
    # English grouping, only with a decimal part (so "1,234" stays refused as ambiguous)
    re.compile(rf"(?P<int>{_D}{{1,3}}(?:,{_D}{{3}})+)\.(?P<frac>{_D}{{1,2}})"),
    # space grouping: 1 234 / 1 234,56
    re.compile(rf"(?P<int>{_D}{{1,3}}(?: {_D}{{3}})+)(?:[.,](?P<frac>{_D}{{1,2}}))?"),
]
_MAX_INT_DIGITS = 12  # far above the limit; keeps int() away from absurd strings


class InvalidMoney(ValueError):
    """A value :func:`parse_money_cents` cannot accept; ``key`` is the message key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _cents(value: str) -> int:
    text = text_of(value)
    if text is None:
        raise InvalidMoney("money.format")
    text = _CURRENCY.sub("", text.strip().translate(_GROUP_SPACES)).strip()
    if text == "":
        raise InvalidMoney("money.empty")
    negative = text[0] in "-\u2212"
    if negative:
        text = text[1:].lstrip()
    for form in _AMOUNT_FORMS:
        match = form.fullmatch(text)
        if match is not None:
            break
    else:
        raise InvalidMoney("money.format")
    whole = re.sub("[^0-9]", "", match.group("int")).lstrip("0") or "0"
    if negative:
        raise InvalidMoney("money.negative")
    if len(whole) > _MAX_INT_DIGITS:
        raise InvalidMoney("money.too_large")
    frac = (match.group("frac") or "").ljust(2, "0")
    cents = int(whole) * 100 + int(frac)
    if cents > MAX_MONEY_CENTS:
        raise InvalidMoney("money.too_large")
    return cents


def parse_money_cents(value: str) -> int:
    """The amount in euro cents; raises :class:`InvalidMoney` where :func:`check_money` fails."""
    return _cents(value)


def check_money(value: str) -> str | None:
    """``None`` for a readable, non-negative amount of at most 1,000,000 €."""
    try:
        _cents(value)
    except InvalidMoney as err:
        return err.key
    return None


def format_cents(cents: int) -> str:
    """Canonical text of an amount: ``123456`` → ``"1234.56"``."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def normalise_money(value: str) -> str:
    """The amount as canonical ``"1234.56"``; an unreadable value comes back stripped."""
    try:
        return format_cents(_cents(value))
    except InvalidMoney:
        text = text_of(value)
        return "" if text is None else text.strip()
