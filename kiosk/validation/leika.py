"""LeiKa service keys (Leistungskatalog): 14 digits starting with 99."""

from __future__ import annotations

import re

from kiosk.validation.typed_input import text_of

_LEIKA = re.compile(r"99[0-9]{12}")


def check_leika(value: str) -> str | None:
    """``None`` for a LeiKa key such as ``99041008000000``, else a message key."""
    text = text_of(value)
    if text is None:
        return "leika.format"
    key = text.strip()
    if key == "":
        return "leika.empty"
    if _LEIKA.fullmatch(key) is None:
        return "leika.format"
    return None
