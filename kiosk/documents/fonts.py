"""The fonts embedded in the claim PDF and the handout, and the check that every character of
a text has a glyph in one of them (with text shaping on, fpdf2 drops a missing glyph without
a word — here it is an error before anything is rendered)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from kiosk.errors import InvalidInput
from kiosk.resources import resource_path

#: fpdf2 family name → its faces in resources/fonts (SIL OFL, see its README): regular and
#: bold. Both are needed: fpdf2 does not fall back from a bold Arabic text to a regular face
#: (the text would vanish).
SANS = "NotoSans"
ARABIC = "NotoNaskhArabic"
FONT_FILES: dict[str, tuple[str, ...]] = {
    SANS: ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ARABIC: ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
}

#: Noto Sans cut down further, to what nearly every claim needs: Latin-1 and Latin Extended-A
#: (Turkish), the Cyrillic of Russian and Ukrainian, combining accents, punctuation, €. A
#: document all of whose texts it draws embeds these faces instead (a third of the glyphs
#: to parse and subset); any other keeps the faces above.
SANS_COMPACT_FILES = ("NotoSansCompact-Regular.ttf", "NotoSansCompact-Bold.ttf")
#: The compact Noto Sans and Noto Naskh Arabic merged into one face: a document with Arabic
#: whose every text the compact faces draw embeds these two faces instead of four.
SANS_ARABIC_COMPACT_FILES = ("NotoNaskhArabicSansCompact-Regular.ttf",
                             "NotoNaskhArabicSansCompact-Bold.ttf")

# Characters that are layout, not glyphs: line breaks, tabs.
_NO_GLYPH_CATEGORIES = frozenset({"Cc"})


class GlyphMissing(InvalidInput):
    """A text holds a character that no embedded font can draw."""


def font_path(family: str, bold: bool = False, compact: bool = False,
              with_arabic: bool = False) -> Path:
    """The file of a face; ``compact`` Noto Sans ``with_arabic`` is the merged face."""
    faces = FONT_FILES[family]
    if compact and family == SANS:
        faces = SANS_ARABIC_COMPACT_FILES if with_arabic else SANS_COMPACT_FILES
    return resource_path("fonts", faces[1 if bold and len(faces) > 1 else 0])


def has_bold(family: str) -> bool:
    return len(FONT_FILES[family]) > 1


@cache
def _coverage(family: str) -> frozenset[int]:
    """Code points every face of ``family`` draws."""
    faces = [TTFont(resource_path("fonts", name), lazy=True) for name in FONT_FILES[family]]
    try:
        maps = [set(face.getBestCmap()) for face in faces]
    finally:
        for face in faces:
            face.close()
    return frozenset(set.intersection(*maps))


@cache
def _compact_coverage() -> frozenset[int]:
    """Code points the compact faces draw: the merged compact Noto Sans and Noto Naskh
    Arabic (every face of it) — what the compact Noto Sans draws, and Arabic (a document
    with Arabic is set in the merged faces)."""
    faces = [TTFont(resource_path("fonts", name), lazy=True)
             for name in SANS_ARABIC_COMPACT_FILES]
    try:
        return frozenset(set.intersection(*(set(face.getBestCmap()) for face in faces)))
    finally:
        for face in faces:
            face.close()


def compact_draws(texts: Iterable[str]) -> bool:
    """Whether the compact faces (the compact Noto Sans, merged with Noto Naskh Arabic where
    a document has Arabic) draw every character of ``texts`` — then a document can embed
    them instead of the full ones."""
    drawable = _compact_coverage()
    return all(drawable.issuperset(map(ord, text))
               or all(ord(c) in drawable or unicodedata.category(c) in _NO_GLYPH_CATEGORIES
                      for c in text)
               for text in texts)


@cache
def _drawable() -> frozenset[int]:
    """Code points some embedded family draws (every face of it)."""
    return frozenset().union(*(_coverage(family) for family in FONT_FILES))


def covered(char: str) -> bool:
    """Whether an embedded font draws ``char`` (or ``char`` needs no glyph)."""
    return ord(char) in _drawable() or unicodedata.category(char) in _NO_GLYPH_CATEGORIES


def arabic_draws(text: str) -> bool:
    """Whether the Noto Naskh Arabic faces alone (which carry Noto Sans's basic Latin) draw
    every character of ``text`` — then a shaped line needs no fallback face."""
    return _coverage(ARABIC).issuperset(map(ord, text))


def needs_arabic(text: str) -> bool:
    """Whether ``text`` has characters only the Arabic font draws (then it is shaped)."""
    sans = _coverage(SANS)
    if sans.issuperset(map(ord, text)):  # the common case, checked fast
        return False
    return any(ord(c) not in sans and not c.isspace() for c in text)


@dataclass(frozen=True)
class MissingGlyph:
    char: str

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "unbekannt")


def missing_glyphs(texts: Iterable[str]) -> list[MissingGlyph]:
    """Every distinct character of ``texts`` no embedded font draws, in order of appearance."""
    seen: dict[str, MissingGlyph] = {}
    drawable = _drawable()
    for text in texts:
        if drawable.issuperset(map(ord, text)):  # the common case, checked fast
            continue
        for char in text:
            if char not in seen and not covered(char):
                seen[char] = MissingGlyph(char)
    return list(seen.values())


def check_coverage(texts: Iterable[str]) -> None:
    """Raise :class:`GlyphMissing` naming the characters no embedded font draws."""
    gaps = missing_glyphs(texts)
    if not gaps:
        return
    codes = ", ".join(g.code for g in gaps)
    shown = ", ".join(f"„{g.char}“ ({g.code} {g.name})" for g in gaps)
    raise GlyphMissing(
        f"text has characters no embedded font covers: {codes}",
        f"Diese Zeichen kann das PDF nicht darstellen, keine eingebettete Schrift enthält "
        f"sie: {shown}. Bitte die Schreibweise prüfen (z. B. die lateinische Umschrift "
        f"eingeben); es wurde kein PDF erzeugt.",
    )
