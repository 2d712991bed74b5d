"""Steuer-ID: the reference examples, each rule's message key, and generated valid IDs."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kiosk.validation import check_tax_id, normalise_tax_id


def mod_11_10(first10: str) -> int:
    """The check digit exactly as written in shared/reference/BENEFITS.md."""
    p = 10
    for char in first10:
        s = (int(char) + p) % 10
        s = 10 if s == 0 else s
        p = (2 * s) % 11
    check = 11 - p
    return 0 if check == 10 else check


@pytest.mark.parametrize("tax_id", ["36574261809", "86095742719"])
def test_reference_examples_are_valid(tax_id: str) -> None:
    assert check_tax_id(tax_id) is None


def test_reference_invalid_example_is_refused() -> None:
    assert check_tax_id("36554266806") is not None


@pytest.mark.parametrize(
    "typed", ["36 574 261 809", "365/742/61809", " 36574261809 ", "36\u00a0574\u00a0261\u00a0809"]
)
def test_typed_separators_are_accepted_and_removed(typed: str) -> None:
    assert check_tax_id(typed) is None
    assert normalise_tax_id(typed) == "36574261809"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "tax_id.empty"),
        ("   ", "tax_id.empty"),
        ("3657426180", "tax_id.format"),  # 10 digits
        ("365742618090", "tax_id.format"),  # 12 digits
        ("3657426180X", "tax_id.format"),
        ("36574-261809", "tax_id.format"),
        ("٣6574261809", "tax_id.format"),  # Arabic-Indic digit is not a 0-9 digit
        ("06574261809", "tax_id.leading_zero"),
        ("1234567890" + "0", "tax_id.repetition"),  # no digit repeated
        ("1123456772" + "0", "tax_id.repetition"),  # two digits repeated
        ("1111234567" + "0", "tax_id.repetition"),  # a digit four times
        ("1112345678" + "0", "tax_id.repetition"),  # a digit three times in a row
        ("36574261808", "tax_id.check_digit"),
    ],
)
def test_each_rule_has_its_own_key(typed: str, key: str) -> None:
    assert check_tax_id(typed) == key


def test_a_digit_three_times_but_not_in_a_row_is_allowed() -> None:
    first10 = "1121345678"  # "1" three times, two of them adjacent
    assert check_tax_id(first10 + str(mod_11_10(first10))) is None


@st.composite
def valid_tax_ids(draw: st.DrawFn) -> str:
    repeated = draw(st.sampled_from("0123456789"))
    times = draw(st.sampled_from([2, 3]))
    others = draw(st.permutations([d for d in "0123456789" if d != repeated]))
    digits = [repeated] * times + list(others[: 10 - times])
    first10 = "".join(draw(st.permutations(digits)))
    assume(first10[0] != "0" and repeated * 3 not in first10)
    return first10 + str(mod_11_10(first10))


def _obeys_rules(tax_id: str) -> bool:
    counts = Counter(tax_id[:10])
    return (
        tax_id[0] != "0"
        and sorted(counts.values())[-1] in (2, 3)
        and sorted(counts.values())[-2] == 1
    )


@given(valid_tax_ids())
def test_generated_valid_tax_ids_pass(tax_id: str) -> None:
    assert _obeys_rules(tax_id)
    assert check_tax_id(tax_id) is None


@given(valid_tax_ids(), st.integers(min_value=1, max_value=9))
def test_changing_the_check_digit_fails(tax_id: str, shift: int) -> None:
    wrong = tax_id[:10] + str((int(tax_id[10]) + shift) % 10)
    assert check_tax_id(wrong) == "tax_id.check_digit"


def test_three_in_a_row_is_named_before_a_wrong_check_digit() -> None:
    first10 = "1112345678"
    wrong = (mod_11_10(first10) + 1) % 10
    assert check_tax_id(first10 + str(wrong)) == "tax_id.repetition"
    assert check_tax_id(first10 + str(mod_11_10(first10))) == "tax_id.repetition"
