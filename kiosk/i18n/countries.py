"""Country names in the six languages, from the Unicode CLDR as Babel ships it (no
hand-kept table): ``country_name("SY", "ar")`` → "سوريا"."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from kiosk.i18n.languages import BASE_LANGUAGE, LANGUAGES


@cache
def _territories(lang: str) -> Mapping[str, str]:
    from babel import Locale  # only when a country is shown: loading CLDR data costs ms

    return Locale.parse(lang).territories


@cache
def country_codes() -> frozenset[str]:
    """The two-letter codes named in every one of the six languages."""
    named = [
        {code for code in _territories(lang) if len(code) == 2 and code.isalpha()}
        for lang in LANGUAGES
    ]
    return frozenset.intersection(*map(frozenset, named))


def country_name(code: object, lang: str = BASE_LANGUAGE) -> str:
    """The country ``code`` ("SY", " de") named in ``lang`` (German for an unknown
    language); a code no language names is returned as it was given (shown, not checked)."""
    if not isinstance(code, str):
        return str(code)
    wanted = code.strip().upper()
    if wanted not in country_codes():
        return code
    if lang not in LANGUAGES:
        lang = BASE_LANGUAGE
    return _territories(lang)[wanted]
