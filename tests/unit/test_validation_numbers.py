"""Money as typed, parsed to exact cents; whole numbers and decimals (flat size "72,5")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.validation import (
    InvalidMoney,
    check_decimal,
    check_integer,
    check_money,
    normalise_decimal,
    normalise_money,
    parse_money_cents,
)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1.234,56", 123456),
        ("1234,56", 123456),
        ("1234.56", 123456),
        ("1234", 123400),
        ("1.234", 123400),  # German thousands separator
        ("12,5", 1250),
        ("0,01", 1),
        ("0", 0),
        ("1 234,56", 123456),
        ("1\u00a0234,56 €", 123456),
        ("€ 99", 9900),
        ("450 EUR", 45000),
        ("1,234.56", 123456),
        ("1.000.000", 100_000_000),
        ("0.10", 10),
    ],
)
def test_amounts_as_typed_give_exact_cents(typed: str, cents: int) -> None:
    assert check_money(typed) is None
    assert parse_money_cents(typed) == cents


def test_float_pitfall_amounts_are_exact() -> None:
    # 0.29 * 100 == 28.999999999999996 in floating point.
    assert parse_money_cents("0,29") == 29
    assert parse_money_cents("1.005,35") == 100535


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "money.empty"),
        (" € ", "money.empty"),
        ("abc", "money.format"),
        ("1,234", "money.format"),  # ambiguous: 1.234 € or 1234 €
        ("12,345", "money.format"),
        ("1234,", "money.format"),
        ("1.23.4", "money.format"),
        ("١٢٣", "money.format"),
        ("1e3", "money.format"),
        ("-5", "money.negative"),
        ("-1.234,56", "money.negative"),
        ("1.000.000,01", "money.too_large"),
        ("99999999999999999999999", "money.too_large"),
    ],
)
def test_bad_amounts_name_their_reason(typed: str, key: str) -> None:
    assert check_money(typed) == key
    with pytest.raises(InvalidMoney) as caught:
        parse_money_cents(typed)
    assert caught.value.key == key


def test_money_normal_form_has_two_decimals() -> None:
    assert normalise_money("1.234,5") == "1234.50"
    assert normalise_money("7") == "7.00"


@given(st.integers(min_value=0, max_value=100_000_000))
def test_german_notation_round_trips_to_the_same_cents(cents: int) -> None:
    euros, rest = divmod(cents, 100)
    german = f"{euros:,}".replace(",", ".") + f",{rest:02d}"
    assert parse_money_cents(german) == cents
    assert parse_money_cents(normalise_money(german)) == cents


@pytest.mark.parametrize(
    ("typed", "low", "high", "key"),
    [
        ("3", None, None, None),
        ("-3", None, None, None),
        ("0", 1, None, "integer.too_small"),
        ("11", None, 10, "integer.too_large"),
        ("10", 1, 10, None),
        ("", None, None, "integer.empty"),
        ("3,5", None, None, "integer.format"),
        ("drei", None, None, "integer.format"),
        ("٣", None, None, "integer.format"),
        ("9" * 5000, None, None, "integer.too_large"),
    ],
)
def test_integer(typed: str, low: int | None, high: int | None, key: str | None) -> None:
    assert check_integer(typed, min=low, max=high) == key


@pytest.mark.parametrize(
    ("typed", "normal"),
    [("72,5", "72.5"), ("72.5", "72.5"), ("72", "72"), ("0,0000001", "0.0000001")],
)
def test_decimal_accepts_comma_or_point(typed: str, normal: str) -> None:
    assert check_decimal(typed) is None
    assert normalise_decimal(typed) == normal


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "decimal.empty"),
        ("72,5 m²", "decimal.format"),
        ("1.234,5", "decimal.format"),
        ("NaN", "decimal.format"),
        ("Infinity", "decimal.format"),
        ("1e3", "decimal.format"),
    ],
)
def test_decimal_refusals(typed: str, key: str) -> None:
    assert check_decimal(typed) == key


def test_decimal_range() -> None:
    assert check_decimal("0,5", min=Decimal(1)) == "decimal.too_small"
    assert check_decimal("1000,5", max=1000) == "decimal.too_large"
    assert check_decimal("1000", min=1, max=1000) is None
