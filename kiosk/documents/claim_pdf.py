"""The claim PDF: what the family signed, laid out in German after the sections of the form
with the family's language beside it, the signature as vector paths, the frozen canonical
JSON inside as a PDF/A-3 associated file (``Data``), the claim hash on every page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from kiosk.documents.fonts import needs_arabic
from kiosk.documents.layout import (
    MUTED,
    SEAL_BOX_MM,
    SIGNATURE_INK,
    KioskPdf,
    render_in_fitting_faces,
)
from kiosk.documents.signature_paths import stroke_paths
from kiosk.i18n import translate

if TYPE_CHECKING:
    from kiosk.visit.summary import ClaimSummary

JSON_NAME = "claim.json"
SIGNATURE_BOX_W, SIGNATURE_BOX_H = 75.0, 25.0


@dataclass(frozen=True)
class ClaimDocument:
    """What the claim PDF is rendered from; the caller hands every fact in.

    ``german`` and ``family`` are the summaries of the frozen claim in German and in the
    family's language (``family`` is None when that is German)."""

    german: ClaimSummary
    family: ClaimSummary | None
    canonical: bytes
    sha256: str
    strokes: dict[str, Any]
    signed_at: str | None
    station_id: str
    station_name: str


def _texts(doc: ClaimDocument) -> Iterator[str]:
    """Every text of the document (for the glyph check before rendering)."""
    for summary in (doc.german, doc.family):
        if summary is None:
            continue
        yield from (summary.title, summary.for_person or "", summary.office,
                    summary.office_name or "", summary.summary, summary.consent,
                    summary.missing_heading, summary.consent_heading,
                    summary.signature_heading, *summary.missing)
        for section in summary.sections:
            yield section.title
            for block in section.blocks:
                yield block.title or ""
                for row in block.rows:
                    yield from (row.label, row.value)
    yield doc.station_name


def _signed_text(doc: ClaimDocument, lang: str) -> str:
    when = doc.signed_at or ""
    try:
        stamp = datetime.fromisoformat(when).astimezone(UTC)
        when = stamp.strftime("%d.%m.%Y %H:%M UTC")
    except ValueError:
        pass
    return translate("document.signed_at", lang, when=when, station=doc.station_name,
                     station_id=doc.station_id)


def render_claim_pdf(doc: ClaimDocument) -> bytes:
    """The unsealed claim PDF (PDF/A-3B) in memory. Refuses (:class:`GlyphMissing`) a text
    with a character no embedded font draws."""
    texts = [t for t in _texts(doc) if t]
    arabic = any(needs_arabic(t) for t in texts)
    return render_in_fitting_faces(texts, lambda compact: _render(doc, arabic, compact))


def _render(doc: ClaimDocument, arabic: bool, compact: bool) -> bytes:
    de, fam = doc.german, doc.family
    rtl = bool(fam and fam.rtl)
    pdf = KioskPdf(f"SHA-256 des Antrags: {doc.sha256}", lang="de", title=de.title,
                   arabic=arabic, compact=compact)
    pdf.add_page()

    def both(german: str, family: str | None, size: float = 10.0, bold: bool = False) -> None:
        pdf.para(german, size=size, bold=bold, gap=0.3)
        if fam is not None and family and family != german:
            pdf.para(family, size=size * 0.9, bold=bold, rtl=rtl, color=MUTED, gap=0.3)
        pdf.ln(1.2)

    both(de.title, fam.title if fam else None, size=15, bold=True)
    both(de.for_person or "", fam.for_person if fam else None, size=11)
    office = f"{de.office_heading}: {de.office}" + (f" — {de.office_name}" if de.office_name
                                                    else "")
    fam_office = (f"{fam.office_heading}: {fam.office}" if fam else None)
    both(office, fam_office)
    both(de.summary, fam.summary if fam else None, size=9)
    pdf.rule()

    fam_sections = fam.sections if fam and len(fam.sections) == len(de.sections) else None
    label_w = 0.34 if fam else 0.5
    for si, section in enumerate(de.sections):
        fsec = fam_sections[si] if fam_sections else None
        pdf.ln(1)
        both(section.title, fsec.title if fsec else None, size=11.5, bold=True)
        for bi, block in enumerate(section.blocks):
            fblock = fsec.blocks[bi] if fsec and len(fsec.blocks) == len(section.blocks) else None
            if block.title:
                both(block.title, fblock.title if fblock else None, size=10, bold=True)
            frows = fblock.rows if fblock and len(fblock.rows) == len(block.rows) else None
            _rows(pdf, block.rows, frows, label_w, rtl)

    if de.missing:
        pdf.ln(2)
        both(de.missing_heading, fam.missing_heading if fam else None, size=11.5, bold=True)
        fam_missing = fam.missing if fam and len(fam.missing) == len(de.missing) else None
        for i, item in enumerate(de.missing):
            both(f"– {item}", (f"– {fam_missing[i]}" if rtl is False else f"{fam_missing[i]} –")
                 if fam_missing else None, size=9.5)

    pdf.ln(2)
    both(de.consent_heading, fam.consent_heading if fam else None, size=11.5, bold=True)
    both(de.consent, fam.consent if fam else None, size=9)
    _signature(pdf, doc, rtl)
    both(translate("document.data_attached", "de", name=JSON_NAME),
         translate("document.data_attached", fam.lang, name=JSON_NAME) if fam else None,
         size=8)
    # The station's seal goes into the box at the bottom of the last page.
    if pdf.get_y() > SEAL_BOX_MM[1] - 2:
        pdf.add_page()
    pdf.embed_file(bytes=doc.canonical, basename=JSON_NAME, mime_type="application/json",
                   associated_file_relationship="Data",
                   desc=f"Antragsdaten (kanonisches JSON), SHA-256 {doc.sha256}")
    return pdf.to_bytes()


def _rows(pdf: KioskPdf, rows: Any, frows: Any, label_w: float, rtl: bool) -> None:
    """Label and value in German, the family's label (and value, where it reads
    differently) beside them."""
    width = pdf.epw
    for i, row in enumerate(rows):
        columns = [(row.label, width * label_w, False),
                   (row.value, width * (1 - 2 * label_w if frows else 1 - label_w), False)]
        if frows:
            frow = frows[i]
            text = frow.label if frow.value == row.value else f"{frow.label}: {frow.value}"
            columns.append((text, width * label_w, rtl))
        pdf.row(columns)
    pdf.ln(1.5)


def _signature(pdf: KioskPdf, doc: ClaimDocument, rtl: bool) -> None:
    de, fam = doc.german, doc.family
    needed = SIGNATURE_BOX_H + 22
    if pdf.get_y() + needed > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(2)
    pdf.para(de.signature_heading, size=11.5, bold=True, gap=0.3)
    if fam and fam.signature_heading != de.signature_heading:
        pdf.para(fam.signature_heading, size=10, bold=True, rtl=rtl, color=MUTED, gap=0.3)
    x, y = pdf.l_margin, pdf.get_y() + 1
    pdf.set_draw_color(*SIGNATURE_INK)
    pdf.set_line_width(0.45)
    for path in stroke_paths(doc.strokes, x, y, SIGNATURE_BOX_W, SIGNATURE_BOX_H):
        pdf.polyline(path, style="D")
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    pdf.line(x, y + SIGNATURE_BOX_H + 1, x + SIGNATURE_BOX_W, y + SIGNATURE_BOX_H + 1)
    pdf.set_y(y + SIGNATURE_BOX_H + 2.5)
    pdf.para(_signed_text(doc, "de"), size=8.5, color=MUTED, gap=0.3)
    if fam:
        pdf.para(_signed_text(doc, fam.lang), size=8, rtl=rtl, color=MUTED, gap=0.3)
    pdf.ln(1.5)
