"""IBAN and BIC as typed at the counter: spaces, lower case, foreign accounts, typos."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kiosk.validation import IBAN_LENGTHS, check_bic, check_iban, normalise_bic, normalise_iban

GERMAN = "DE89370400440532013000"  # BENEFITS.md reference example

# Published sample IBANs of the national banking associations / the SWIFT registry.
FOREIGN = [
    "AT611904300234573201",
    "FR1420041010050500013M02606",
    "NL91ABNA0417164300",
    "PL61109010140000071219812874",
    "TR330006100519786457841326",
    "GB82WEST12345698765432",
    "BE68539007547034",
    "CH9300762011623852957",
]


def test_reference_german_iban_is_valid() -> None:
    assert check_iban(GERMAN) is None


@pytest.mark.parametrize("iban", FOREIGN)
def test_foreign_ibans_are_valid(iban: str) -> None:
    assert check_iban(iban) is None


def test_spaces_and_lower_case_are_accepted_and_normalised() -> None:
    typed = " de89 3704 0044 0532 0130 00 "
    assert check_iban(typed) is None
    assert normalise_iban(typed) == GERMAN


@pytest.mark.parametrize("country", ["DE", "AT", "FR", "NL", "PL", "TR", "IT", "ES", "BE", "UA"])
def test_length_table_covers_the_usual_countries(country: str) -> None:
    assert country in IBAN_LENGTHS


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "iban.empty"),
        ("  ", "iban.empty"),
        ("DE89-3704-0044-0532-0130-00", "iban.characters"),
        ("DE89370400440532013ß00", "iban.characters"),  # "ß".upper() would be "SS"
        ("XX89370400440532013000", "iban.country"),
        ("8937040044053201300000", "iban.country"),
        ("DE8937040044053201300", "iban.length"),
        ("DE893704004405320130000", "iban.length"),
        ("DE88370400440532013000", "iban.checksum"),
        ("DEAB370400440532013000", "iban.checksum"),
    ],
)
def test_each_fault_has_its_own_key(typed: str, key: str) -> None:
    assert check_iban(typed) == key


@given(st.integers(min_value=4, max_value=len(GERMAN) - 1), st.integers(1, 9))
def test_any_single_digit_typo_is_caught(position: int, shift: int) -> None:
    wrong_digit = str((int(GERMAN[position]) + shift) % 10)
    typo = GERMAN[:position] + wrong_digit + GERMAN[position + 1 :]
    assert check_iban(typo) == "iban.checksum"


@given(st.integers(min_value=4, max_value=len(GERMAN) - 2))
def test_swapping_two_neighbouring_digits_is_caught(position: int) -> None:
    chars = list(GERMAN)
    chars[position], chars[position + 1] = chars[position + 1], chars[position]
    swapped = "".join(chars)
    assume(swapped != GERMAN)
    assert check_iban(swapped) == "iban.checksum"


@pytest.mark.parametrize(
    "bic", ["COBADEFFXXX", "COBADEFF", "cobadeff xxx", "INGDDEFF", "TGBATRIS", ""]
)
def test_valid_or_empty_bic_passes(bic: str) -> None:
    assert check_bic(bic) is None


def test_bic_is_normalised() -> None:
    assert normalise_bic(" cobadeff xxx ") == "COBADEFFXXX"


@pytest.mark.parametrize(
    ("bic", "key"),
    [
        ("COBADEF", "bic.format"),
        ("COBADEFFXX", "bic.format"),
        ("C0BADEFF", "bic.format"),
        ("COBADEFF-XX", "bic.format"),
        ("COBAZZFF", "bic.country"),
    ],
)
def test_bad_bic_is_refused(bic: str, key: str) -> None:
    assert check_bic(bic) == key
