"""Make the cut-down fonts of the claim PDF and the handout (resources/fonts) from Debian's
fonts-noto-core: Noto Sans and Noto Naskh Arabic kept to the scripts the kiosk writes, with
their layout tables (shaping) and without hinting (a PDF viewer does not use it); the Noto
Naskh Arabic faces also carry Noto Sans's basic Latin letters and punctuation.

Run: python scripts/make_document_fonts.py [--source /usr/share/fonts/truetype/noto]
[--out resources/fonts]. The same source fonts and fontTools version give the same bytes; the
script prints the SHA-256 of its inputs and outputs for resources/fonts/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import tempfile
from pathlib import Path

import fontTools
from fontTools import merge, subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
#: The fontTools release the shipped files were made with (another may write other bytes).
MADE_WITH_FONTTOOLS = "4.68.0"
DEBIAN_NOTO = Path("/usr/share/fonts/truetype/noto")

#: Latin with every diacritic in use (Latin-1, Extended-A/B, Extended Additional, combining
#: marks for names typed decomposed), Turkish (in Extended-A), Greek, Cyrillic with its
#: supplement, punctuation, currency and letter-like signs, the dotted circle HarfBuzz draws
#: for a lone combining mark.
SANS_UNICODES = (
    "U+0000-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,"
    "U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+25CC,"
    "U+FB00-FB06,U+FEFF,U+FFFD"
)
#: The compact Noto Sans: Latin-1 and Latin Extended-A (Turkish), combining accents, the
#: Cyrillic of Russian, Ukrainian and Belarusian, punctuation, €, №, the dotted circle.
#: Claims whose every text it draws embed it instead (kiosk.documents.fonts).
COMPACT_UNICODES = (
    "U+0000-017F,U+0300-036F,U+0400-045F,U+0490-0491,U+2000-206F,U+20AC,U+2116,U+2212,"
    "U+25CC,U+FEFF,U+FFFD"
)
#: Arabic, its supplement and Extended-A (Persian, Urdu, Kurdish letters), the presentation
#: forms B that pasted text sometimes holds, the Arabic digits and punctuation, the joiners
#: and direction marks, the dotted circle.
ARABIC_UNICODES = (
    "U+0000-007F,U+00A0,U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FE70-FEFF,"
    "U+200B-200F,U+2010-2027,U+2066-2069,U+25CC,U+2E41"
)
#: What of Noto Sans goes into the Noto Naskh Arabic faces (the code points Naskh has itself
#: — digits, space, "." "," ":" "!" — keep Naskh's glyphs): ASCII and Latin-1 letters and
#: signs, dashes and quotes, €. An Arabic line often holds a German word, a form number or
#: brackets; drawn from one face, it is shaped and placed as one piece instead of one piece
#: per change of face (which made such lines cost several times as much).
LATIN_FOR_ARABIC = "U+0020-007E,U+00A1-00FF,U+2010-2027,U+20AC"
#: Debian's Noto Sans face whose Latin goes into each Noto Naskh Arabic face.
LATIN_SOURCE = {
    "NotoNaskhArabic-Regular.ttf": "NotoSans-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf": "NotoSans-Bold.ttf",
}
#: The Arabic of the merged compact faces: the Arabic block (Arabic, Persian, Urdu, Kurdish
#: letters), the presentation forms B, joiners, direction marks, the dotted circle — without
#: the supplement and Extended-A (letters of African and other languages: a text with one
#: is set in the full faces).
ARABIC_COMPACT_UNICODES = (
    "U+0600-06FF,U+FE70-FEFF,U+200B-200F,U+2010-2027,U+2066-2069,U+25CC,U+2E41"
)
#: The compact Noto Sans and Noto Naskh Arabic in one face (Noto Sans's glyph where both
#: have a character), for a document with Arabic whose every text it draws: it embeds these
#: two faces instead of four (each face embedded costs every render its parsing and
#: subsetting). File made → (the compact Noto Sans face above, Debian's Naskh face that
#: ARABIC_COMPACT_UNICODES are cut from).
COMBINED = {
    "NotoNaskhArabicSansCompact-Regular.ttf": ("NotoSansCompact-Regular.ttf",
                                               "NotoNaskhArabic-Regular.ttf"),
    "NotoNaskhArabicSansCompact-Bold.ttf": ("NotoSansCompact-Bold.ttf",
                                            "NotoNaskhArabic-Bold.ttf"),
}
#: The merged faces' family name (a face of its own: neither Noto Sans nor Noto Naskh Arabic)
COMBINED_FAMILY = "Noto Naskh Arabic and Noto Sans"
#: file made → (Debian's file it is cut from, the code points kept)
FONTS = {
    "NotoSans-Regular.ttf": ("NotoSans-Regular.ttf", SANS_UNICODES),
    "NotoSans-Bold.ttf": ("NotoSans-Bold.ttf", SANS_UNICODES),
    "NotoSansCompact-Regular.ttf": ("NotoSans-Regular.ttf", COMPACT_UNICODES),
    "NotoSansCompact-Bold.ttf": ("NotoSans-Bold.ttf", COMPACT_UNICODES),
    "NotoNaskhArabic-Regular.ttf": ("NotoNaskhArabic-Regular.ttf", ARABIC_UNICODES),
    "NotoNaskhArabic-Bold.ttf": ("NotoNaskhArabic-Bold.ttf", ARABIC_UNICODES),
}


def _options() -> subset.Options:
    options = subset.Options()
    # fontTools' default features are the ones a shaper applies by default (Arabic joining
    # forms, ligatures, mark positioning, kerning); small caps, old-style figures and the like
    # (which fpdf2 never asks for) would only add glyphs.
    options.layout_scripts = ["*"]
    options.name_IDs = ["*"]  # the font's names, copyright and licence text stay
    options.name_languages = ["*"]
    options.hinting = False
    options.drop_tables += ["DSIG"]  # a digital signature no longer valid after the cut
    options.glyph_names = True
    options.notdef_outline = True
    options.recalc_timestamp = False
    return options


def cut(source: Path, unicodes: str) -> bytes:
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def merged(first: bytes, second: bytes) -> bytes:
    """The faces ``first`` and ``second`` merged into one by fontTools' merger (where both map
    a code point, ``first``'s glyph stays; its names and dates stay too)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / "first.ttf", Path(folder) / "second.ttf"]
        paths[0].write_bytes(first)
        paths[1].write_bytes(second)
        font = merge.Merger().merge([str(p) for p in paths])
    # The merger dates the face to today: the dates of the first face stay instead (the same
    # inputs give the same bytes).
    source_head = TTFont(io.BytesIO(first))["head"]
    font["head"].created = source_head.created
    font["head"].modified = source_head.modified
    font.recalcTimestamp = False
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def renamed(data: bytes, family: str) -> bytes:
    """The face ``data`` under the family name ``family`` (family, full, unique and PostScript
    names; the style stays)."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    name = font["name"]
    old_family = name.getDebugName(1)
    for record in name.names:
        if record.nameID in (1, 4, 16):
            record.string = record.toUnicode().replace(old_family, family)
        elif record.nameID in (3, 6):
            record.string = record.toUnicode().replace(old_family.replace(" ", ""),
                                                        family.replace(" ", ""))
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def with_latin(arabic: bytes, latin_source: Path) -> bytes:
    """The cut Noto Naskh Arabic face ``arabic`` with the Latin of ``latin_source`` merged in
    (where both map a code point, the Arabic face's glyph stays)."""
    return merged(arabic, cut(latin_source, LATIN_FOR_ARABIC))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEBIAN_NOTO,
                        help="folder with Debian's Noto fonts (package fonts-noto-core)")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "fonts")
    args = parser.parse_args(argv)
    print(f"fontTools {fontTools.version}")
    made: dict[str, bytes] = {}  # file made → its bytes
    for name, (source_name, unicodes) in FONTS.items():
        source = args.source / source_name
        if not source.is_file():
            print(f"missing {source} (apt-get install fonts-noto-core)", file=sys.stderr)
            return 1
        data = cut(source, unicodes)
        if name in LATIN_SOURCE:
            data = with_latin(data, args.source / LATIN_SOURCE[name])
        made[name] = data
        (args.out / name).write_bytes(data)
        print(f"{name}: source sha256 {hashlib.sha256(source.read_bytes()).hexdigest()}, "
              f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    for name, (sans, arabic_source) in COMBINED.items():
        arabic = cut(args.source / arabic_source, ARABIC_COMPACT_UNICODES)
        data = renamed(merged(made[sans], arabic), COMBINED_FAMILY)
        (args.out / name).write_bytes(data)
        print(f"{name}: {sans} + {arabic_source} (Arabic block), {len(data)} bytes, "
              f"sha256 {hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
