"""Postcodes (Wiesbaden too), e-mail, phone, country codes and LeiKa keys."""

from __future__ import annotations

import pytest

from kiosk.validation import (
    check_country,
    check_email,
    check_leika,
    check_phone,
    check_postcode,
    check_postcode_wiesbaden,
)


@pytest.mark.parametrize("code", ["65183", "65207", "65195", "55246", "55252", " 65185 "])
def test_wiesbaden_postcodes(code: str) -> None:
    assert check_postcode(code) is None
    assert check_postcode_wiesbaden(code) is None


@pytest.mark.parametrize("code", ["65182", "65208", "55116", "10115"])
def test_other_german_postcodes_are_not_wiesbaden(code: str) -> None:
    assert check_postcode(code) is None
    assert check_postcode_wiesbaden(code) == "postcode.not_wiesbaden"


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("", "postcode.empty"),
        ("6518", "postcode.format"),
        ("651833", "postcode.format"),
        ("65l83", "postcode.format"),
        ("٦٥١٨٣", "postcode.format"),
        ("65 183", "postcode.format"),
    ],
)
def test_bad_postcodes(code: str, key: str) -> None:
    assert check_postcode(code) == key
    assert check_postcode_wiesbaden(code) == key


@pytest.mark.parametrize(
    "address",
    ["anna.mueller@example.de", "a+b@mail.wiesbaden.de", "x@müller.de", " name@example.com "],
)
def test_valid_email(address: str) -> None:
    assert check_email(address) is None


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("", "email.empty"),
        ("anna", "email.format"),
        ("anna@", "email.format"),
        ("@example.de", "email.format"),
        ("anna@example", "email.format"),
        ("anna@@example.de", "email.format"),
        ("an na@example.de", "email.format"),
        ("anna.@example.de", "email.format"),
        ("anna@-example.de", "email.format"),
        ("anna@example.d3", "email.format"),
        ("a" * 65 + "@example.de", "email.format"),
    ],
)
def test_bad_email(address: str, key: str) -> None:
    assert check_email(address) == key


@pytest.mark.parametrize(
    "number", ["0611 123456", "+49 (611) 31-0", "0611/312345", "+90 532 123 45 67", "123456"]
)
def test_valid_phone(number: str) -> None:
    assert check_phone(number) is None


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("", "phone.empty"),
        ("0611 ABC", "phone.characters"),
        ("0611+123456", "phone.characters"),
        ("0611.123456", "phone.characters"),
        ("12345", "phone.length"),
        ("1" * 21, "phone.length"),
    ],
)
def test_bad_phone(number: str, key: str) -> None:
    assert check_phone(number) == key


@pytest.mark.parametrize("code", ["DE", "tr", " SY ", "UA", "RU", "AF", "XK"])
def test_known_countries(code: str) -> None:
    assert check_country(code) is None


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("", "country.empty"),
        ("XX", "country.unknown"),
        ("DEU", "country.unknown"),
        ("EU", "country.unknown"),
    ],
)
def test_unknown_countries(code: str, key: str) -> None:
    assert check_country(code) == key


def test_leika() -> None:
    assert check_leika("99041008000000") is None
    assert check_leika("") == "leika.empty"
    assert check_leika("98041008000000") == "leika.format"
    assert check_leika("9904100800000") == "leika.format"
