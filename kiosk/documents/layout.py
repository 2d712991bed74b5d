"""The page layout shared by the claim PDF and the handout: A4 in PDF/A-3B with the kiosk's
embedded fonts, text shaped only where a script needs it (Arabic), and the footer with the
claim hash and "Seite x von y" on every page."""

from __future__ import annotations

from collections.abc import Callable

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import TTFFont

from kiosk.documents.fonts import (
    ARABIC,
    SANS,
    arabic_draws,
    check_coverage,
    compact_draws,
    font_path,
    has_bold,
    needs_arabic,
)

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 18.0
FOOTER_H = 14.0
#: The station's seal stamp: bottom of the last page, above the footer (mm, from top-left).
SEAL_BOX_MM = (MARGIN, PAGE_H - FOOTER_H - 30.0, MARGIN + 95.0, PAGE_H - FOOTER_H - 6.0)
MM_TO_PT = 72.0 / 25.4
# End every shaped line with a direction mark: without it fpdf2 2.8 sometimes draws the closing
# parenthesis or full stop at the end of an Arabic line as a wrong glyph ("o", "u") taken from
# another face.
RLM, LRM = "\u200f", "\u200e"

#: OpenType layout tables: HarfBuzz shapes with them, the embedded subset goes without.
_LAYOUT_TABLES = ("GDEF", "GSUB", "GPOS")

#: About the mean advance of a letter of Noto Sans or Noto Naskh Arabic, in em: below this
#: estimate a text is measured as a whole first (see KioskPdf.wrap).
_NARROW_EM = 0.45

INK = (20, 20, 20)
MUTED = (90, 90, 90)
SIGNATURE_INK = (10, 40, 120)


def seal_box_pt() -> tuple[int, int, int, int]:
    """The seal stamp box in PDF points, origin bottom-left (as pyHanko wants it)."""
    x1, top, x2, bottom = SEAL_BOX_MM
    return (round(x1 * MM_TO_PT), round((PAGE_H - bottom) * MM_TO_PT),
            round(x2 * MM_TO_PT), round((PAGE_H - top) * MM_TO_PT))


def _embed_lean(font: object) -> None:
    """Make embedding ``font`` cheaper without changing what is drawn. fpdf2 subsets its own
    fontTools copy of each face at output: like fontTools' subsetter itself (pyftsubset),
    keep the glyphs' stored bounding boxes instead of decoding and re-encoding every outline
    (half the cost), and drop the layout tables there before the subsetter decodes them
    (fpdf2 drops them from the embedded font anyway; HarfBuzz shapes from the font file)."""
    ttfont = getattr(font, "ttfont", None)
    if not isinstance(ttfont, TTFont):
        return
    ttfont.recalcBBoxes = False
    for tag in _LAYOUT_TABLES:
        if tag in ttfont:
            del ttfont[tag]


class CompactFontsTooSmall(RuntimeError):
    """A text reached a document that embeds the compact Noto Sans, and those faces lack one
    of its characters: render the document again with the full faces."""


def render_in_fitting_faces(texts: list[str], render: Callable[[bool], bytes]) -> bytes:
    """``render(compact)``: with the compact faces where they draw every text (nearly every
    document: fewer glyphs to parse and embed), else — or when a text the caller did not
    list turns out to need more — with the full faces. Refuses (:class:`GlyphMissing`) a
    text no embedded font draws, before anything is rendered."""
    check_coverage(texts)
    if compact_draws(texts):
        try:
            return render(True)
        except CompactFontsTooSmall:
            pass
    return render(False)


class KioskPdf(FPDF):
    """An A4 PDF/A-3B page set with Noto Sans (+ Noto Naskh Arabic as fallback) embedded.

    With ``compact`` it embeds the compact Noto Sans faces — with ``arabic`` those merged
    with Noto Naskh Arabic, and nothing else (see kiosk.documents.fonts) — and any text they
    do not draw raises :class:`CompactFontsTooSmall` instead of vanishing."""

    def __init__(self, footer_left: str, lang: str = "de", title: str = "",
                 arabic: bool = True, page_numbers: bool = True,
                 compact: bool = False) -> None:
        super().__init__(orientation="P", unit="mm", format="A4",
                         enforce_compliance="PDF/A-3B")
        self.footer_left = footer_left
        self.page_numbers = page_numbers
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=FOOTER_H + 6.0)
        self.set_lang(lang)
        self.set_title(title)
        self.set_creator("FVO Kiosk")
        self.set_producer("FVO Kiosk (fpdf2)")
        # Each embedded face costs parsing and subsetting: a face of Noto Naskh Arabic only
        # once a line is set in it (fpdf2 embeds every face added, used or not), the compact
        # Noto Sans where it draws every text — merged with Noto Naskh Arabic in one face
        # where the document has Arabic (two faces instead of four).
        self.compact = compact and compact_draws([footer_left, title])
        self.arabic = arabic
        self.merged = self.compact and arabic
        self._add_face(SANS, "")
        self._add_face(SANS, "B")
        # Shaping and the fallback face are switched on only for a line that needs them
        # (shape_for): with a fallback font set, fpdf2 looks at every character of every line
        # and splits it into one piece per change of face, each shaped and placed apart.
        self._shaped = False
        self._fallback = False
        self.c_margin = 0
        self._widths: dict[tuple[str, str, float, str, bool], float] = {}
        self.set_text_color(*INK)

    def _add_face(self, family: str, style: str) -> None:
        """Add the face of ``family`` for ``style`` ("" or "B") unless it is there."""
        if style and not has_bold(family):
            style = ""
        if f"{family.lower()}{style}" in self.fonts:
            return
        self.add_font(family, style, font_path(family, bold=style == "B",
                                               compact=self.compact, with_arabic=self.merged))
        _embed_lean(self.fonts[f"{family.lower()}{style}"])

    # --- text --------------------------------------------------------------------------
    SANS_FAMILY = SANS

    def shape_for(self, text: str) -> None:
        """Shape (and lay out right-to-left) only text that needs it: shaping a line costs
        about three times as much as placing it. Such a line is set in Noto Naskh Arabic
        (which carries Noto Sans's basic Latin and punctuation), with Noto Sans as the
        fallback only where the line holds a character Naskh lacks (Cyrillic, Turkish …):
        set the other way round, every Arabic word and every space between them would be a
        fragment of its own, each shaped and placed apart."""
        # ``arabic`` only chooses the faces: a text with Arabic letters is shaped wherever it
        # turns up (a face of Noto Naskh Arabic is added then), never left as a gap.
        want = needs_arabic(text)
        if self.compact and not (compact_draws([text]) and (self.merged or not want)):
            self.close_fonts()  # this document is given up: no file left open
            raise CompactFontsTooSmall("a text needs the full faces")
        if want != self._shaped:
            self.set_text_shaping(want)
            self._shaped = want
        # The merged compact faces draw every text of a compact document, Arabic included.
        fallback = want and not self.merged and not arabic_draws(text)
        if fallback != self._fallback:
            self.set_fallback_fonts([SANS] if fallback else [])
            self._fallback = fallback
        family = ARABIC if want and not self.merged else SANS
        if family == ARABIC:
            self._add_face(ARABIC, "B" if "B" in self.font_style else "")
        if self.font_family != family.lower():
            self.set_font(family, self.font_style, self.font_size_pt)

    def width_of(self, word: str) -> float:
        """The width of ``word`` in the current font (labels repeat: measured once)."""
        key = (self.font_family, self.font_style, self.font_size_pt, word, self._shaped)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self._measure(word)
        return found

    def _measure(self, text: str) -> float:
        """What ``get_string_width`` says, straight from the face (HarfBuzz where shaped)
        when the current face draws every character: fpdf2 would first run the bidi
        algorithm and split the text by font for each word measured."""
        font = self.current_font
        cmap = getattr(font, "cmap", None)
        if not isinstance(font, TTFFont) or cmap is None or any(ord(c) not in cmap
                                                                for c in text):
            return self.get_string_width(text)
        params = self._shaping_params() if self._shaped else None
        return font.get_text_width(text, self.font_size_pt, params)[1] / self.k

    def _shaping_params(self) -> dict[str, object]:
        """The shaping parameters with the direction left to HarfBuzz (a word's width does
        not depend on it)."""
        return {**(self.text_shaping or {}), "fragment_direction": None}

    def wrap(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines of at most ``width`` mm in the current font, word by
        word (each word measured once: fpdf2's own line breaking shapes the text again for
        every character, which costs seconds on a page of Arabic)."""
        self.shape_for(text)
        space = self.width_of(" ")
        lines: list[str] = []
        for paragraph in text.split("\n"):
            words = [word for word in paragraph.split(" ") if word]
            whole = " ".join(words)
            # Most labels and values fit on one line: one measurement instead of one a word
            # (only tried where the text is short enough to be likely to fit).
            if (len(whole) * self.font_size * _NARROW_EM <= width
                    and self.width_of(whole) <= width):
                lines.append(whole)
                continue
            line, used = "", 0.0
            for word in words:
                size = self.width_of(word)
                while size > width and len(word) > 1:  # a word wider than the column
                    cut = len(word) - 1
                    while cut > 1 and self.width_of(word[:cut]) > width:
                        cut -= 1
                    if line:
                        lines.append(line)
                    lines.append(word[:cut])
                    line, used = "", 0.0
                    word = word[cut:]
                    size = self.width_of(word)
                if line and used + space + size > width:
                    lines.append(line)
                    line, used = word, size
                else:
                    used = used + space + size if line else size
                    line = f"{line} {word}" if line else word
            lines.append(line)
        return lines

    def put_lines(self, lines: list[str], x: float, width: float, h: float,
                  rtl: bool = False) -> None:
        self.shape_for(" ".join(lines))
        for line in lines:
            self.set_x(x)
            if self._shaped:
                line += RLM if rtl else LRM
            self.cell(width, h, line, align="R" if rtl else "L", new_x="LEFT", new_y="NEXT")

    def para(self, text: str, size: float = 10.0, bold: bool = False, rtl: bool = False,
             color: tuple[int, int, int] = INK, gap: float = 1.0, h: float | None = None) -> None:
        """A paragraph over the full width (right-aligned when ``rtl``)."""
        if not text:
            return
        check_coverage([text])
        self.set_font(SANS, "B" if bold else "", size)
        self.set_text_color(*color)
        lines = self.wrap(text, self.epw)
        self.put_lines(lines, self.l_margin, self.epw, h or size * 0.48, rtl)
        self.set_text_color(*INK)
        if gap:
            self.ln(gap)

    def row(self, columns: list[tuple[str, float, bool]], size: float = 9.0,
            pad: float = 0.9) -> None:
        """One table row: (text, width in mm, right-to-left) per column, wrapped, a thin
        line below; moves to a new page first when the row does not fit."""
        self.set_font(SANS, "", size)
        h = size * 0.47
        wrapped = [self.wrap(text, width - 2) for text, width, _rtl in columns]
        height = max(len(lines) for lines in wrapped) * h + 2 * pad
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()
        top, x = self.get_y(), self.l_margin
        for (_text, width, rtl), lines in zip(columns, wrapped, strict=True):
            self.set_y(top + pad)
            self.put_lines(lines, x + 1, width - 2, h, rtl)
            x += width
        self.set_y(top + height)
        self.set_draw_color(200, 200, 200)
        self.set_line_width(0.15)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())

    def rule(self) -> None:
        self.set_draw_color(*MUTED)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)

    def footer(self) -> None:
        # Also runs inside an automatic page break, in the middle of a shaped line.
        shaped, fallback = self._shaped, self._fallback
        self.shape_for("")
        self.set_y(-FOOTER_H)
        self.set_font(SANS, "", 7.5)
        self.set_text_color(*MUTED)
        width = self.w - self.l_margin - self.r_margin
        self.cell(width * 0.8, 5, self.footer_left, align="L")
        if self.page_numbers:
            self.cell(width * 0.2, 5, f"Seite {self.page_no()} von {{nb}}", align="R")
        self.set_text_color(*INK)
        if shaped:
            self.set_text_shaping(True)
            self._shaped = True
        if fallback:
            self.set_fallback_fonts([SANS])
            self._fallback = True

    def close_fonts(self) -> None:
        """Close the font files of a document that will not be output (output closes them)."""
        for font in self.fonts.values():
            if isinstance(font, TTFFont):
                font.close()

    def to_bytes(self) -> bytes:
        return bytes(self.output())


