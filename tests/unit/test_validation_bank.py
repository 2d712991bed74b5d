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


def test_a_wrong_national_check_digit_is_caught_even_with_a_right_mod97() -> None:
    # Spanish account with its own check digits ("45") changed, IBAN check digits made
    # right again: only the national check (stdnum's es.ccc) can see the typo.
    bban = "2100041846" + "0200051332"
    check = f"{98 - int(''.join(str(int(c, 36)) for c in bban + 'ES00')) % 97:02d}"
    assert check_iban("ES" + check + bban) == "iban.checksum"
    assert check_iban("ES9121000418450200051332") is None


@pytest.mark.parametrize("typed", ["DE89.3704.0044.0532.0130.00", "COBADEFF-XXX"])
def test_separators_that_would_stay_in_the_stored_value_are_refused(typed: str) -> None:
    check = check_iban if typed.startswith("DE") else check_bic
    assert check(typed) is not None


def test_length_table_follows_the_iban_registry() -> None:
    assert IBAN_LENGTHS["DE"] == 22 and IBAN_LENGTHS["UA"] == 29 and IBAN_LENGTHS["NO"] == 15
    assert len(IBAN_LENGTHS) >= 80
