"""`verify-pdf` on sealed files whose seal is intact but whose content is wrong: embedded data
that does not match the hash printed on the pages, and a PDF/A structure without its output
intent. Each must still fail now that pdftotext and qpdf run beside the seal check."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace

import pikepdf
import pytest

from kiosk.documents.claim_pdf import render_claim_pdf
from kiosk.documents.seal import seal_pdf
from kiosk.documents.verify import verify_pdf
from kiosk.keys import KeyStore
from kiosk.keys.seal_key import load_seal
from kiosk.signature.recorded import recorded_signature
from kiosk.visit.claim_documents import claim_document
from tests import households

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("qpdf") is None,
    reason="poppler-utils / qpdf not installed")


@pytest.fixture
def signed(station):
    """(the claim document in German + Russian, the station's seal)."""
    visit = station.visit("counsellor:1")
    case_id = visit.create_case(households.load("arabic_cyrillic_names"))
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    visit.sign(claim_id, recorded_signature(), visit.summary(claim_id, "ru").sha256,
               lang="ru")
    strokes = station.store.claims.get_signature(claim_id) or {}
    doc = claim_document(station, visit.claim(claim_id), visit.case(case_id).household,
                         strokes, "ru")
    seal = load_seal(KeyStore(station.identity.station_id, station.keyring_backend))
    assert seal is not None
    return doc, seal


def _checks(report) -> dict[str, bool]:
    return {c.name: c.ok for c in report.checks}


def test_the_untouched_file_passes_every_check_on_every_page(signed, tmp_path):
    doc, seal = signed
    path = tmp_path / "ok.pdf"
    path.write_bytes(seal_pdf(render_claim_pdf(doc), seal.key_pem, seal.chain_pem))
    report = verify_pdf(path)
    assert _checks(report) == {"Siegel": True, "Abdeckung": True, "Daten": True,
                               "PDF/A": True, "qpdf": True}
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    assert pages > 1
    data = next(c for c in report.checks if c.name == "Daten")
    assert f"allen {pages} Seiten" in data.message and doc.sha256 in data.message


def test_embedded_data_that_does_not_match_the_printed_hash_fails(signed, tmp_path):
    doc, seal = signed
    other = doc.canonical.replace(b"Wiesbaden", b"Wiesbadem", 1)
    assert other != doc.canonical
    path = tmp_path / "wrong-data.pdf"
    path.write_bytes(seal_pdf(render_claim_pdf(replace(doc, canonical=other)),
                              seal.key_pem, seal.chain_pem))
    report = verify_pdf(path)
    assert not report.ok
    assert _checks(report)["Siegel"] and _checks(report)["Abdeckung"]  # sealed as it was
    assert not _checks(report)["Daten"]
    data = next(c for c in report.checks if c.name == "Daten")
    assert "stimmt nicht" in data.message and "Seite 1" in data.message


def test_a_pdf_without_its_output_intent_fails_the_structure_check(signed, tmp_path):
    doc, seal = signed
    with pikepdf.open(io.BytesIO(render_claim_pdf(doc))) as pdf:
        del pdf.Root["/OutputIntents"]
        out = io.BytesIO()
        pdf.save(out)
    path = tmp_path / "no-intent.pdf"
    path.write_bytes(seal_pdf(out.getvalue(), seal.key_pem, seal.chain_pem))
    report = verify_pdf(path)
    assert not report.ok
    assert _checks(report)["Siegel"] and _checks(report)["Daten"]
    structure = next(c for c in report.checks if c.name == "PDF/A")
    assert not structure.ok and "OutputIntent" in structure.message
