"""The family-facing texts the visit operations put into summaries (one catalog)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from kiosk.resources import resource_path

LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru")
RTL_LANGUAGES = frozenset({"ar"})
BASE = "de"


@cache
def _table(lang: str) -> dict[str, str]:
    return dict(json.loads(resource_path("i18n", f"{lang}.json").read_text(encoding="utf-8")))


def translate(key: str, lang: str, **params: Any) -> str:
    text = _table(lang).get(key) or _table(BASE).get(key) or key
    return text.format(**params) if params else text


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES
