"""Family-facing texts in six languages, read from ``resources/i18n/<lang>.json``.

One way for every family-facing string (buttons, headings, messages): a key looked up in the
language's JSON table. Counsellor screens are German and use plain strings. Form labels,
summaries and consent texts come from the form files themselves (``kiosk.forms``).

A missing key falls back to German and then to the key itself, so a gap never crashes the
kiosk; ``tests/ui/test_i18n.py`` fails on any gap so none ships.
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
