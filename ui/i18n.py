"""Family-facing texts in six languages, read from ``resources/i18n/<lang>.json``.

One way for every family-facing string (buttons, headings, messages): a key looked up in the
language's JSON table. Counsellor screens are German and use plain strings. Form labels,
summaries and consent texts come from the form files themselves (``kiosk.forms``).

A missing key falls back to German and then to the key itself, so a gap never crashes the
kiosk; ``tests/ui/test_i18n.py`` fails on any gap so none ships.

Country names (nationality, country of birth) come from ``resources/i18n/countries.json``:
every code ``kiosk.validation`` accepts, named in the six languages (Unicode CLDR names).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from PySide6.QtCore import Qt

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"

#: The family languages in picker order, each named in itself.
LANGUAGES: dict[str, str] = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
}
RTL_LANGUAGES = frozenset({"ar"})
BASE_LANGUAGE = "de"


@cache
def _table(lang: str) -> dict[str, str]:
    path = I18N_DIR / f"{lang}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path}: expected an object of string keys and string values")
    return data


def table(lang: str) -> dict[str, str]:
    """The raw key → text table of one language (for tests and tools)."""
    return dict(_table(lang))


class Texts:
    """The texts of one language: ``texts("family.next")``, with ``{name}`` placeholders."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        self.lang = lang
        self._own = _table(lang)
        self._base = _table(BASE_LANGUAGE)

    def __call__(self, key: str, **values: object) -> str:
        text = self._own.get(key) or self._base.get(key) or key
        return text.format(**values) if values else text

    @property
    def rtl(self) -> bool:
        return self.lang in RTL_LANGUAGES

    @property
    def direction(self) -> Qt.LayoutDirection:
        return Qt.LayoutDirection.RightToLeft if self.rtl else Qt.LayoutDirection.LeftToRight


def texts(lang: str = BASE_LANGUAGE) -> Texts:
    return Texts(lang)


COUNTRIES_FILE = I18N_DIR / "countries.json"


@cache
def _countries() -> dict[str, dict[str, str]]:
    data = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    names = data.get("names") if isinstance(data, dict) else None
    if not isinstance(names, dict):
        raise ValueError(f"{COUNTRIES_FILE}: expected an object with 'names'")
    return names


def country_codes() -> frozenset[str]:
    """The codes the country table names (for tests)."""
    return frozenset(_countries())


def country_name(code: str, lang: str = BASE_LANGUAGE) -> str:
    """The country ``code`` ("SY", "de") named in ``lang``, else in German; an unknown code
    is returned as it was given (never an exception: it is shown, not checked, here)."""
    entry = _countries().get(code.strip().upper()) if isinstance(code, str) else None
    if not entry:
        return str(code)
    return entry.get(lang) or entry.get(BASE_LANGUAGE) or str(code)
