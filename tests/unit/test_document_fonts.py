"""The cut-down fonts of the claim PDF (resources/fonts, made by
scripts/make_document_fonts.py): every text the kiosk ships is covered, names in the scripts
the kiosk serves come out of the PDF as typed, a character the cut dropped is refused with a
message, and the script makes the shipped files again byte for byte."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.documents.fonts import (
    FONT_FILES,
    SANS_ARABIC_COMPACT_FILES,
    SANS_COMPACT_FILES,
    GlyphMissing,
    check_coverage,
    missing_glyphs,
)
from kiosk.resources import resource_path
from kiosk.signature.recorded import recorded_signature
from tests import households

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_NOTO = Path("/usr/share/fonts/truetype/noto")
SHIPPED_TEXT = (".po", ".yaml", ".yml", ".json", ".md", ".txt")


def test_every_text_the_kiosk_ships_has_its_glyphs():
    """Form labels, translations in all six languages, consent texts, office names: nothing
    the kiosk itself writes into a claim PDF or a handout is refused."""
    resources = ROOT / "resources"
    files = [p for p in resources.rglob("*") if p.is_file() and p.suffix in SHIPPED_TEXT
             and "fonts" not in p.parts]
    assert len(files) > 20
    gaps = {str(p.relative_to(resources)): [g.code for g in
                                            missing_glyphs([p.read_text(encoding="utf-8")])]
            for p in files}
    assert {name: codes for name, codes in gaps.items() if codes} == {}


@pytest.mark.parametrize("name", [
    "Nguyễn Thị Ánh",  # Vietnamese (Latin Extended Additional)
    "Ștefan Łukasz Dvořák",  # Romanian, Polish, Czech
    "Ayşe Gülçiçek İğdır",  # Turkish
    "Ґанна Їжакевич",  # Ukrainian
    "Γεώργιος",  # Greek
    "محمد الحسن",  # Arabic
    "پژمان گلی",  # Persian letters (Arabic block)
])
def test_names_of_the_scripts_served_are_covered(name):
    check_coverage([name])  # does not raise


@pytest.mark.parametrize("char", ["\u2c00", "\u1f00", "\ufdf2", "\u0e01", "玲"])
def test_a_character_the_cut_fonts_lack_is_refused_with_its_code(char):
    """Glagolitic, polytonic Greek, an Arabic ligature code point, Thai, CJK."""
    with pytest.raises(GlyphMissing) as err:
        check_coverage([f"Julia {char}"])
    assert f"U+{ord(char):04X}" in err.value.user_message
    assert "kein PDF" in err.value.user_message


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_names_with_diacritics_come_out_of_the_signed_pdf_as_typed(station, cli, tmp_path):
    household = households.load("arabic_cyrillic_names")
    household["children"][0]["given_names"] = "Ánh Ștefan"
    household["children"][0]["family_name"] = "Nguyễn"
    household["partner"]["given_names"] = "Ґанна"
    visit = station.visit("counsellor:1")
    case_id = visit.create_case(household)
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    shown = visit.summary(claim_id, "uk")
    visit.sign(claim_id, recorded_signature(), shown.sha256, lang="uk")
    path = tmp_path / "a.pdf"
    code, _, err = cli("case", "pdf", claim_id, "--out", str(path))
    assert code == 0, err
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    for name in ("Ánh Ștefan", "Nguyễn", "Ґанна", "Коваленко"):
        assert name in text
    code, out, err = cli("verify-pdf", str(path))
    assert code == 0, err


@pytest.mark.skipif(not (DEBIAN_NOTO / "NotoSans-Regular.ttf").is_file(),
                    reason="Debian's fonts-noto-core not installed")
def test_the_script_makes_the_shipped_fonts_again(tmp_path):
    import fontTools

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from make_document_fonts import MADE_WITH_FONTTOOLS
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    if fontTools.version != MADE_WITH_FONTTOOLS:
        pytest.skip(f"fonts made with fontTools {MADE_WITH_FONTTOOLS}, here {fontTools.version}")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_document_fonts.py"),
                          "--out", str(tmp_path)], capture_output=True, text=True,
                         check=False, timeout=120)
    assert run.returncode == 0, run.stderr
    for faces in (*FONT_FILES.values(), SANS_COMPACT_FILES, SANS_ARABIC_COMPACT_FILES):
        for face in faces:
            made = hashlib.sha256((tmp_path / face).read_bytes()).hexdigest()
            shipped = hashlib.sha256(resource_path("fonts", face).read_bytes()).hexdigest()
            assert made == shipped, face


def test_the_compact_faces_never_drop_a_character_silently():
    """A document set in the compact Noto Sans stops at a text those faces lack (the claim PDF
    is then made again with the full faces) instead of leaving a gap."""
    from kiosk.documents.layout import CompactFontsTooSmall, KioskPdf

    pdf = KioskPdf("Fußzeile", arabic=False, compact=True)
    assert pdf.compact
    pdf.add_page()
    pdf.para("Ayşe Коваленко Ґанна Øster")  # in the compact faces
    with pytest.raises(CompactFontsTooSmall):
        pdf.para("Nguyễn")
    full = KioskPdf("Fußzeile", arabic=False)
    full.add_page()
    full.para("Nguyễn")
    assert full.to_bytes().startswith(b"%PDF")
    # A footer the compact faces do not draw makes the document use the full ones.
    station = KioskPdf("Trạm Wiesbaden", arabic=False, compact=True)
    assert not station.compact
    station.close_fonts()


def _drawn_by_face(pdf_bytes: bytes) -> dict[str, str]:
    """Every face embedded in the file (used on a page or not) → the characters drawn with
    it (from its ToUnicode map)."""
    import pikepdf

    drawn: dict[str, str] = {}
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for font in pdf.objects:
            if not (isinstance(font, pikepdf.Dictionary) and font.get("/Type") == "/Font"
                    and font.get("/Subtype") == "/Type0"):
                continue
            name = str(font.BaseFont).split("+", 1)[-1]
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            chars = "".join(bytes.fromhex(hex_).decode("utf-16-be")
                            for hex_ in re.findall(r"<[0-9A-F]{4}> <([0-9A-F]+)>", cmap))
            drawn[name] = drawn.get(name, "") + chars
    return drawn


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_an_arabic_line_with_german_words_and_brackets_is_drawn_from_one_face(tmp_path):
    """Noto Naskh Arabic carries Noto Sans's basic Latin: the German word, the form number,
    brackets and slash of an Arabic line come from the Arabic face (one shaped piece, not
    one per change of face) and still come out of the PDF as typed; a Cyrillic word there
    still falls back to Noto Sans instead of vanishing."""
    from kiosk.documents.layout import KioskPdf

    pdf = KioskPdf("Fußzeile")
    pdf.add_page()
    pdf.para("صندوق الأسرة (Familienkasse) KG 1/2 - Müller?", rtl=True)
    pdf.para("الاسم: Коваленко", rtl=True)
    data = pdf.to_bytes()
    drawn = _drawn_by_face(data)
    assert set("Familienkasse()/-Mü?KG") <= set(drawn["NotoNaskhArabic"])
    assert "Коваленко" not in drawn["NotoNaskhArabic"]
    assert set("Коваленко") <= set(drawn["NotoSans"])
    path = tmp_path / "a.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    for word in ("Familienkasse", "Müller", "Коваленко"):
        assert word in text


def test_a_face_no_text_uses_is_not_embedded():
    """Arabic only in regular text: no bold Arabic face in the file; no Arabic at all: no
    Arabic face (each embedded face costs every render its parsing and subsetting)."""
    from kiosk.documents.layout import KioskPdf

    regular = KioskPdf("Fußzeile")
    regular.add_page()
    regular.para("Antrag auf Kindergeld", bold=True)
    regular.para("محمد الحسن")
    assert set(_drawn_by_face(regular.to_bytes())) == {"NotoSans", "NotoSansBold",
                                                      "NotoNaskhArabic"}
    german = KioskPdf("Fußzeile")
    german.add_page()
    german.para("Antrag auf Kindergeld", bold=True)
    assert set(_drawn_by_face(german.to_bytes())) == {"NotoSans", "NotoSansBold"}


def test_a_compact_document_with_arabic_embeds_two_faces_and_never_drops_a_character():
    """German beside Arabic in the compact faces: Noto Sans and Noto Naskh Arabic merged into
    one face (regular and bold), Arabic shaped there, Latin from Noto Sans; a text those
    faces lack stops the document (it is made again with the full faces)."""
    from kiosk.documents.layout import CompactFontsTooSmall, KioskPdf

    pdf = KioskPdf("Fußzeile", arabic=True, compact=True)
    assert pdf.merged
    pdf.add_page()
    pdf.para("Antrag auf Kindergeld", bold=True)
    pdf.para("طلب إعانة الأطفال (Kindergeld)", bold=True, rtl=True)
    pdf.para("محمد الحسن, Коваленко", rtl=True)
    drawn = _drawn_by_face(pdf.to_bytes())
    assert set(drawn) == {"NotoNaskhArabicandNotoSans", "NotoNaskhArabicandNotoSansBold"}
    assert set("Antrag طلب إعانة الأطفال (Kindergeld)") <= set(
        drawn["NotoNaskhArabicandNotoSansBold"])
    assert set("محمد الحسن Коваленко") <= set(drawn["NotoNaskhArabicandNotoSans"])
    compact = KioskPdf("Fußzeile", arabic=True, compact=True)
    compact.add_page()
    with pytest.raises(CompactFontsTooSmall):
        compact.para("محمد Γεώργιος")


def test_the_merged_compact_faces_draw_what_the_compact_sans_and_the_arabic_block_draw():
    """Nothing the compact Noto Sans draws, nor any letter of the Arabic block (Arabic,
    Persian, Urdu, Kurdish) Noto Naskh Arabic draws, is lost in the merged faces (a compact
    document with Arabic is set in them alone, without a fallback face)."""
    from fontTools.ttLib import TTFont

    def cmap(name: str) -> set[int]:
        with TTFont(resource_path("fonts", name), lazy=True) as face:
            return set(face.getBestCmap())

    arabic_block = set(range(0x0600, 0x0700)) | set(range(0xFE70, 0xFF00))
    for merged, sans, arabic in zip(SANS_ARABIC_COMPACT_FILES, SANS_COMPACT_FILES,
                                    FONT_FILES["NotoNaskhArabic"], strict=True):
        assert cmap(merged) >= cmap(sans) | (cmap(arabic) & arabic_block)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_a_claim_with_a_letter_beyond_the_arabic_block_is_set_in_the_full_faces(
        station, cli, tmp_path):
    """A name with a letter of the Arabic supplement (not in the merged compact faces) still
    reaches the signed PDF: the claim is set in the full Noto Sans and Noto Naskh Arabic."""
    household = households.load("arabic_cyrillic_names")
    household["children"][0]["given_names"] = "\u0750\u0627\u0645"  # ݐام
    visit = station.visit("counsellor:1")
    case_id = visit.create_case(household)
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    visit.sign(claim_id, recorded_signature(), visit.summary(claim_id, "ar").sha256, lang="ar")
    path = tmp_path / "a.pdf"
    code, _, err = cli("case", "pdf", claim_id, "--out", str(path))
    assert code == 0, err
    drawn = _drawn_by_face(path.read_bytes())
    assert "\u0750" in drawn["NotoNaskhArabic"]
    assert not any("NotoNaskhArabicandNotoSans" in name for name in drawn)
    code, _, err = cli("verify-pdf", str(path))
    assert code == 0, err


def test_arabic_in_a_document_made_without_arabic_faces_is_shaped_not_dropped():
    """A text with Arabic letters in a document begun without Arabic: the full faces add
    Noto Naskh Arabic and shape it; the compact Noto Sans alone gives the document up (it is
    made again with the full faces) instead of leaving a gap."""
    from kiosk.documents.layout import CompactFontsTooSmall, KioskPdf

    full = KioskPdf("Fußzeile", arabic=False)
    full.add_page()
    full.para("Name: محمد")
    assert set("محمد") <= set(_drawn_by_face(full.to_bytes())["NotoNaskhArabic"])
    compact = KioskPdf("Fußzeile", arabic=False, compact=True)
    compact.add_page()
    with pytest.raises(CompactFontsTooSmall):
        compact.para("Name: محمد")
