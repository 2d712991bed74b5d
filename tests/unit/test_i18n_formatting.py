"""Dates, amounts and country names as each family language writes them (Babel, CLDR)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.i18n import LANGUAGES, format_date, format_money

NBSP = "\xa0"


def test_german_dates_and_amounts():
    assert format_date("2020-03-01", "de") == "01.03.2020"
    assert format_date(date(2020, 12, 31)) == "31.12.2020"
    assert format_money(123456, "de") == f"1.234,56{NBSP}€"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_language_writes_the_full_year_day_before_month(lang):
    text = format_date("2019-11-05", lang)
    assert "2019" in text and "19" not in text.replace("2019", "")
    assert text.index("5") < text.index("11")  # no month-first order, English included


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_amounts_are_exact_to_the_cent_with_latin_digits(lang):
    text = format_money(30, lang)  # 0.30 €, no float rounding on the way
    assert "30" in text and "0" in text.replace("30", "")
    assert all(not ("\u0660" <= ch <= "\u0669") for ch in format_money(987654321, lang))
    assert "9" in format_money(987654321, lang)


def test_english_is_british_and_an_unknown_language_is_german():
    assert format_date("2020-03-01", "en") == "01/03/2020"
    assert format_money(123456, "en") == "€1,234.56"
    assert format_date("2020-03-01", "xx") == "01.03.2020"
