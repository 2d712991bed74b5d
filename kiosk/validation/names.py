"""Personal names in any script, judged by Unicode category rather than a list of alphabets.

Accepted: letters (L*) with their combining marks (M*) — Latin with diacritics, Turkish
İ/ı, Arabic, Cyrillic, Greek, CJK … — and, between letters, single spaces, hyphens,
apostrophes (' and ’), dots, and the zero-width (non-)joiners Persian and Indic names need.
Refused: digits, symbols, control and format characters (NUL, ESC, the bidi overrides
U+202A–U+202E and isolates U+2066–U+2069 …) anywhere — also at the ends, where stripping
would otherwise hide the invisible ones Python counts as whitespace (U+001C–U+001F, U+0085,
U+2028) — a separator at the start, a hyphen/apostrophe/space at the end, doubled
separators, and more than 100 characters.
"""

from __future__ import annotations

import unicodedata

from kiosk.validation.typed_input import text_of

MAX_NAME_LENGTH = 100

_SEPARATORS = frozenset(" -'\u2019.")
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ
#: Separator pairs that occur in real names: "J. R." and "St.-Gilles".
_ALLOWED_PAIRS = frozenset({". ", ".-"})


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] == "L"


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def _is_invisible_control(char: str) -> bool:
    """Control, format, surrogate, private-use, unassigned and line/paragraph separator
    characters — except the joiners names need (plain spaces are checked later)."""
    if char in _JOINERS:
        return False
    category = unicodedata.category(char)
    return category[0] == "C" or category in ("Zl", "Zp")


def check_name(value: str) -> str | None:
    """``None`` for a plausible name (surrounding whitespace ignored), else a message key."""
    text = text_of(value)
    if text is None:
        return "name.characters"
    for char in text:
        if _is_invisible_control(char):
            return "name.characters"
    name = unicodedata.normalize("NFC", text.strip())
    if name == "":
        return "name.empty"
    if len(name) > MAX_NAME_LENGTH:
        return "name.too_long"
    for char in name:
        if not (_is_letter(char) or _is_mark(char) or char in _SEPARATORS or char in _JOINERS):
            return "name.characters"
    first, last = name[0], name[-1]
    if not _is_letter(first) and not (first in "'\u2019" and len(name) > 1 and _is_letter(name[1])):
        # A leading apostrophe only as in Dutch "'t Hooft".
        return "name.punctuation"
    if not (_is_letter(last) or _is_mark(last) or last == "."):
        return "name.punctuation"
    for prev, char in zip(name, name[1:], strict=False):
        if prev in _SEPARATORS and char in _SEPARATORS and prev + char not in _ALLOWED_PAIRS:
            return "name.punctuation"
        if char in _JOINERS and not (_is_letter(prev) or _is_mark(prev)):
            return "name.punctuation"
        if prev in _JOINERS and not _is_letter(char):
            return "name.punctuation"
    return None
