"""Arbitrary text thrown at every validator and normaliser: a documented result, never a crash."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.validation import (
    MESSAGE_KEYS,
    NORMALISERS,
    VALIDATORS,
    check_age_below,
    check_child_younger,
    check_not_older_than_months,
)

# Printable-ish noise near the formats, so the deeper rules get exercised too.
NEAR_FORMATS = st.text(alphabet="0123456789 .,-/+()€EURDEtrßıİ@'’\u00a0\t\x00٣", max_size=40)
ANY_TEXT = st.text()  # hypothesis draws no surrogates by default
INPUTS = st.one_of(ANY_TEXT, NEAR_FORMATS, st.text(min_size=90, max_size=300))


@pytest.mark.parametrize("name", sorted(VALIDATORS))
@given(value=INPUTS)
def test_validator_returns_none_or_a_known_key(name: str, value: str) -> None:
    result = VALIDATORS[name](value)
    assert result is None or result in MESSAGE_KEYS


@pytest.mark.parametrize("name", sorted(NORMALISERS))
@given(value=INPUTS)
def test_normaliser_returns_text_and_is_stable(name: str, value: str) -> None:
    once = NORMALISERS[name](value)
    assert isinstance(once, str)
    assert NORMALISERS[name](once) == once


@pytest.mark.parametrize("name", sorted(NORMALISERS))
@given(value=INPUTS)
def test_a_valid_value_stays_valid_after_normalising(name: str, value: str) -> None:
    validate = VALIDATORS[name]
    if validate(value) is None:
        assert validate(NORMALISERS[name](value)) is None


@pytest.mark.parametrize("name", sorted(VALIDATORS))
@pytest.mark.parametrize("value", [None, 0, 42, 3.5, b"bytes", ["list"], True])
def test_non_text_values_do_not_crash(name: str, value: object) -> None:
    result = VALIDATORS[name](value)  # type: ignore[arg-type]
    assert result is None or result in MESSAGE_KEYS


@given(INPUTS, INPUTS, st.integers(-5, 200), st.dates())
def test_cross_field_date_checks_never_crash(a: str, b: str, n: int, on: date) -> None:
    for result in (
        check_child_younger(a, b),
        check_age_below(a, n, on=on),
        check_not_older_than_months(a, abs(n), today=on),
    ):
        assert result is None or result in MESSAGE_KEYS
