"""Dates and amounts written the way each of the six languages writes them (Babel, CLDR),
for texts the family reads: ``format_date("2020-12-31", "de")`` → "31.12.2020",
``format_money(123456, "de")`` → "1.234,56 €". Digits stay Latin in every language, as on
the documents the family holds; a year is always written in full.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

from kiosk.i18n.languages import BASE_LANGUAGE, LANGUAGES

#: British English for "en": day before month, as everywhere else on the kiosk.
_CLDR_LOCALE = {"en": "en_GB"}


def _locale_name(lang: str) -> str:
    if lang not in LANGUAGES:
        lang = BASE_LANGUAGE
    return _CLDR_LOCALE.get(lang, lang)


@cache
def _date_pattern(locale_name: str) -> str:
    from babel import Locale  # on first use only: Babel's imports and CLDR data cost ms

    pattern = Locale.parse(locale_name).date_formats["short"].pattern
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "y")  # "y" is the full year in CLDR patterns
    return pattern


def format_date(value: date | str, lang: str = BASE_LANGUAGE) -> str:
    """A date (or ISO ``YYYY-MM-DD`` text) in the short form of ``lang``, full year."""
    from babel.dates import format_date as babel_format_date

    day = date.fromisoformat(value) if isinstance(value, str) else value
    name = _locale_name(lang)
    return babel_format_date(day, _date_pattern(name), locale=name)


def format_money(cents: int, lang: str = BASE_LANGUAGE, currency: str = "EUR") -> str:
    """An amount held in integer cents as ``lang`` writes money (exact, no float)."""
    from babel.numbers import format_currency

    return format_currency(Decimal(cents).scaleb(-2), currency, locale=_locale_name(lang))
