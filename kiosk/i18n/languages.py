"""The six languages the kiosk speaks, each named in itself, and which of them run right to left."""

from __future__ import annotations

#: The family languages in picker order, each named in itself.
LANGUAGES: dict[str, str] = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
}

#: The language every gap falls back to (the counsellor's, and the offices').
BASE_LANGUAGE = "de"

RTL_LANGUAGES: frozenset[str] = frozenset({"ar"})


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written right to left (the whole layout mirrors)."""
    return lang in RTL_LANGUAGES
