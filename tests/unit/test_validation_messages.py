"""Every message key is reachable, has a text in all six languages, and shows no raw input."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from kiosk.validation import (
    LANGUAGES,
    MESSAGE_KEYS,
    check_age_below,
    check_bic,
    check_birth_date,
    check_child_younger,
    check_country,
    check_date,
    check_decimal,
    check_email,
    check_iban,
    check_integer,
    check_leika,
    check_money,
    check_name,
    check_not_older_than_months,
    check_phone,
    check_postcode,
    check_postcode_wiesbaden,
    check_tax_id,
    message,
)
from kiosk.validation.texts import DETAILED

TODAY = date(2026, 11, 25)

# One input per key that makes a validator return it.
REACH: list[tuple[Callable[[], str | None], str]] = [
    (lambda: check_tax_id(""), "tax_id.empty"),
    (lambda: check_tax_id("123"), "tax_id.format"),
    (lambda: check_tax_id("06574261809"), "tax_id.leading_zero"),
    (lambda: check_tax_id("12345678901"), "tax_id.repetition"),
    (lambda: check_tax_id("36574261808"), "tax_id.check_digit"),
    (lambda: check_iban(""), "iban.empty"),
    (lambda: check_iban("DE89!"), "iban.characters"),
    (lambda: check_iban("QQ89370400440532013000"), "iban.country"),
    (lambda: check_iban("DE8937040044053201300"), "iban.length"),
    (lambda: check_iban("DE88370400440532013000"), "iban.checksum"),
    (lambda: check_bic("COBADE"), "bic.format"),
    (lambda: check_bic("COBAQQFF"), "bic.country"),
    (lambda: check_postcode(""), "postcode.empty"),
    (lambda: check_postcode("1234"), "postcode.format"),
    (lambda: check_postcode_wiesbaden("10115"), "postcode.not_wiesbaden"),
    (lambda: check_name(""), "name.empty"),
    (lambda: check_name("x" * 101), "name.too_long"),
    (lambda: check_name("R2D2"), "name.characters"),
    (lambda: check_name("-Anna"), "name.punctuation"),
    (lambda: check_date(""), "date.empty"),
    (lambda: check_date("morgen"), "date.format"),
    (lambda: check_date("31.04.2020"), "date.invalid"),
    (lambda: check_birth_date("2030-01-01", today=TODAY), "date.future"),
    (lambda: check_birth_date("1899-01-01", today=TODAY), "date.before_1900"),
    (lambda: check_child_younger("1980-01-01", "2000-01-01"), "date.child_not_younger"),
    (lambda: check_age_below("2000-01-01", 18, on=TODAY), "date.age_limit"),
    (lambda: check_not_older_than_months("2020-01-01", 3, today=TODAY), "date.too_far_back"),
    (lambda: check_money(""), "money.empty"),
    (lambda: check_money("zehn"), "money.format"),
    (lambda: check_money("-1"), "money.negative"),
    (lambda: check_money("2000000"), "money.too_large"),
    (lambda: check_email(""), "email.empty"),
    (lambda: check_email("anna"), "email.format"),
    (lambda: check_phone(""), "phone.empty"),
    (lambda: check_phone("0611-ABC"), "phone.characters"),
    (lambda: check_phone("0611"), "phone.length"),
    (lambda: check_country(""), "country.empty"),
    (lambda: check_country("QQ"), "country.unknown"),
    (lambda: check_leika(""), "leika.empty"),
    (lambda: check_leika("123"), "leika.format"),
    (lambda: check_integer(""), "integer.empty"),
    (lambda: check_integer("1,5"), "integer.format"),
    (lambda: check_integer("0", min=1), "integer.too_small"),
    (lambda: check_integer("5", max=4), "integer.too_large"),
    (lambda: check_decimal(""), "decimal.empty"),
    (lambda: check_decimal("x"), "decimal.format"),
    (lambda: check_decimal("0,5", min=1), "decimal.too_small"),
    (lambda: check_decimal("5,5", max=5), "decimal.too_large"),
]

PLACEHOLDER = re.compile(r"[{}]|%[sd]|\$\{")


@pytest.mark.parametrize(("call", "key"), REACH, ids=[key for _, key in REACH])
def test_key_is_reachable(call: Callable[[], str | None], key: str) -> None:
    assert call() == key


def test_every_key_is_reached_by_some_input() -> None:
    assert {key for _, key in REACH} == MESSAGE_KEYS


@pytest.mark.parametrize("key", sorted(MESSAGE_KEYS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_has_a_finished_text_in_every_language(key: str, lang: str) -> None:
    text = message(key, lang)
    assert text.strip() == text and len(text) > 10
    assert not PLACEHOLDER.search(text)


@pytest.mark.parametrize("key", sorted(DETAILED))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_detailed_texts_are_filled_when_the_limit_is_given(key: str, lang: str) -> None:
    text = message(key, lang, years=18, months=3, min=1, max=10)
    assert not PLACEHOLDER.search(text)
    assert any(str(n) in text for n in (18, 3, 1, 10))
    assert text != message(key, lang)


def test_german_is_german_and_the_languages_differ() -> None:
    assert message("tax_id.format") == "Die Steuer-ID hat 11 Ziffern. Bitte prüfen Sie die Eingabe."
    for key in MESSAGE_KEYS:
        texts = {message(key, lang) for lang in LANGUAGES}
        assert len(texts) == len(LANGUAGES), key


def test_scripts_match_the_languages() -> None:
    for key in MESSAGE_KEYS:
        assert re.search("[\u0600-\u06ff]", message(key, "ar")), key
        assert re.search("[\u0400-\u04ff]", message(key, "uk")), key
        assert re.search("[\u0400-\u04ff]", message(key, "ru")), key


def test_unknown_language_falls_back_to_german() -> None:
    assert message("iban.checksum", "fr") == message("iban.checksum", "de")


def test_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        message("no.such.key")


def test_messages_never_echo_the_typed_value() -> None:
    typed = "36574261808"
    key = check_tax_id(typed)
    assert key is not None
    for lang in LANGUAGES:
        assert typed not in message(key, lang)
