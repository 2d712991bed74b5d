"""The family's one-page handout, in its own language (right-to-left in Arabic): what was
filed for whom with which office, what is still missing and how to hand it in, the offices'
online services with QR codes, the case reference and the next station day."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

import segno

from kiosk.documents.fonts import needs_arabic
from kiosk.documents.layout import MUTED, KioskPdf, render_in_fitting_faces
from kiosk.i18n import is_rtl, state_label, translate

if TYPE_CHECKING:
    from kiosk.visit.summary import ClaimSummary

QR_MM = 24.0
QR_BLOCK_MM = 43.0


@dataclass(frozen=True)
class HandoutService:
    """One online service of an office (from the station configuration)."""

    office: str
    label: str
    url: str


@dataclass(frozen=True)
class HandoutFacts:
    """What the handout is rendered from; every text already in ``lang``."""

    lang: str
    case_ref: str
    station_name: str
    claims: tuple[ClaimSummary, ...]
    services: tuple[HandoutService, ...]
    next_station_day: str | None


def _texts(facts: HandoutFacts) -> list[str]:
    texts = [facts.station_name, facts.case_ref]
    for c in facts.claims:
        texts += [c.title, c.for_person or "", c.office, c.office_name or "", *c.missing]
    for s in facts.services:
        texts += [s.office, s.label, s.url]
    return [t for t in texts if t]


def qr_svg(url: str) -> bytes:
    """The QR code of ``url`` as SVG without a fixed size (fpdf2 scales it)."""
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="svg", border=2, omitsize=True)
    return buf.getvalue()


def render_handout(facts: HandoutFacts) -> bytes:
    """The handout (PDF/A-3B, one A4 page) in memory; refuses a text no font draws."""
    texts = _texts(facts)
    arabic = is_rtl(facts.lang) or any(needs_arabic(t) for t in texts)
    return render_in_fitting_faces(texts, lambda compact: _render(facts, arabic, compact))


def _render(facts: HandoutFacts, arabic: bool, compact: bool) -> bytes:
    lang, rtl = facts.lang, is_rtl(facts.lang)
    ref = translate("handout.case_ref", lang, ref=facts.case_ref)
    pdf = KioskPdf(facts.station_name, lang=lang, title=translate("handout.title", lang),
                   arabic=arabic, page_numbers=False, compact=compact)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.para(translate("handout.title", lang), size=17, bold=True, rtl=rtl, gap=1)
    pdf.para(ref, size=11, bold=True, rtl=rtl, gap=0.5)
    pdf.para(facts.next_station_day and translate("handout.next_day", lang,
                                                  date=facts.next_station_day)
             or translate("handout.no_next_day", lang), size=10.5, rtl=rtl, gap=1.5)
    pdf.rule()
    for claim in facts.claims:
        pdf.para(claim.title, size=11.5, bold=True, rtl=rtl, gap=0.3)
        if claim.for_person:
            pdf.para(claim.for_person, size=9.5, rtl=rtl, gap=0.2)
        office = claim.office + (f" — {claim.office_name}" if claim.office_name else "")
        pdf.para(translate("handout.office", lang, office=office), size=9.5, rtl=rtl, gap=0.2)
        pdf.para(translate("handout.state", lang, state=state_label(claim.state, lang)),
                 size=9.5, rtl=rtl, color=MUTED, gap=0.4)
        if claim.missing:
            pdf.para(translate("handout.missing", lang), size=9.5, bold=True, rtl=rtl, gap=0.2)
            for item in claim.missing:
                pdf.para(f"• {item}", size=9.5, rtl=rtl, gap=0.1)
        else:
            pdf.para(translate("handout.nothing_missing", lang), size=9.5, rtl=rtl, gap=0.2)
        pdf.ln(2)
    pdf.rule()
    pdf.para(translate("handout.how_to_hand_in", lang), size=9.5, rtl=rtl, gap=2)
    if facts.services:
        pdf.para(translate("handout.online", lang), size=11.5, bold=True, rtl=rtl, gap=1)
        _services(pdf, facts.services, rtl)
    return pdf.to_bytes()


def _services(pdf: KioskPdf, services: tuple[HandoutService, ...], rtl: bool) -> None:
    per_row = int(pdf.epw // QR_BLOCK_MM)
    for start in range(0, len(services), per_row):
        row = services[start:start + per_row]
        if pdf.get_y() + QR_MM + 16 > pdf.page_break_trigger:
            pdf.add_page()
        top = pdf.get_y()
        bottom = top
        for n, service in enumerate(row):
            x = (pdf.l_margin + pdf.epw - (n + 1) * QR_BLOCK_MM if rtl
                 else pdf.l_margin + n * QR_BLOCK_MM)
            pdf.image(io.BytesIO(qr_svg(service.url)), x=x + (QR_BLOCK_MM - QR_MM) / 2,
                      y=top, w=QR_MM, h=QR_MM)
            pdf.set_xy(x, top + QR_MM + 0.5)
            pdf.set_font(pdf.SANS_FAMILY, "B", 7.5)
            for line in pdf.wrap(service.label, QR_BLOCK_MM - 2):
                pdf.set_x(x)
                pdf.cell(QR_BLOCK_MM - 2, 3.4, line, align="C", new_x="LEFT", new_y="NEXT")
            pdf.set_font(pdf.SANS_FAMILY, "", 6.5)
            for line in pdf.wrap(service.url, QR_BLOCK_MM - 2):
                pdf.set_x(x)
                pdf.cell(QR_BLOCK_MM - 2, 3.0, line, align="C", new_x="LEFT", new_y="NEXT")
            bottom = max(bottom, pdf.get_y())
        pdf.set_y(bottom + 3)
