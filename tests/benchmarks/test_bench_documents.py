"""Benchmark: the signed claim's documents.

Prints p50/p95 of rendering one claim PDF (PDF/A-3B, German beside the family's language;
German + Russian and German + Arabic), sealing it (PAdES, EC P-256, stamp), verifying the
sealed file as `verify-pdf` does (seal, coverage, embedded data vs printed hash via
pdftotext, PDF/A structure, qpdf --check), and the file size per claim
[targets: render p50 <= 100 ms, seal p50 <= 100 ms, verify p50 <= 50 ms, <= 150 KB].
Each figure is the wall time of one call in this process, after WARMUP calls that are not
counted (the first render parses the fonts and imports fpdf2, pyHanko and pikepdf).
Run: `make bench` or `pytest tests/benchmarks -s`. BENCH_DOC_RUNS sets the sample count
(at least 20).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace

import pytest

from kiosk.documents.claim_pdf import render_claim_pdf
from kiosk.documents.seal import seal_pdf
from kiosk.documents.verify import verify_pdf
from kiosk.keys import KeyStore
from kiosk.keys.seal_key import load_seal
from kiosk.signature.recorded import recorded_signature
from kiosk.visit.claim_documents import claim_document
from tests import households
from tests.benchmarks.bench_stats import percentile, time_ms

RUNS = max(20, int(os.environ.get("BENCH_DOC_RUNS", "20")))
WARMUP = 3


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50": percentile(samples, 0.5), "p95": percentile(samples, 0.95)}


@pytest.mark.skipif(shutil.which("qpdf") is None or shutil.which("pdftotext") is None,
                    reason="qpdf / poppler-utils not installed")
def test_bench_claim_documents(station, tmp_path):
    visit = station.visit("counsellor:1")
    case_id = visit.create_case(households.load("arabic_cyrillic_names"))
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    visit.sign(claim_id, recorded_signature(), visit.summary(claim_id, "ar").sha256, lang="ar")
    claim = visit.claim(claim_id)
    household = visit.case(case_id).household
    strokes = station.store.claims.get_signature(claim_id) or {}
    doc_ar = claim_document(station, claim, household, strokes, "ar")
    doc_ru = replace(doc_ar, family=claim_document(station, claim, household, strokes,
                                                    "ru").family)
    # A family with Latin names reading Russian: nothing to shape, two faces embedded.
    latin_case = visit.create_case(households.load("two_parents_three_children"))
    latin_claim = visit.add_claim(latin_case, "kindergeld", None)
    visit.sign(latin_claim, recorded_signature(), visit.summary(latin_claim, "ru").sha256,
               lang="ru")
    doc_latin = claim_document(station, visit.claim(latin_claim),
                               visit.case(latin_case).household,
                               station.store.claims.get_signature(latin_claim) or {}, "ru")
    seal = load_seal(KeyStore(station.identity.station_id, station.keyring_backend))
    assert seal is not None

    render_latin = summary(time_ms(lambda: render_claim_pdf(doc_latin), RUNS, WARMUP))
    render_ru = summary(time_ms(lambda: render_claim_pdf(doc_ru), RUNS, WARMUP))
    render_ar = summary(time_ms(lambda: render_claim_pdf(doc_ar), RUNS, WARMUP))
    raw = render_claim_pdf(doc_ar)
    sealing = summary(time_ms(lambda: seal_pdf(raw, seal.key_pem, seal.chain_pem), RUNS,
                              WARMUP))
    sealed = seal_pdf(raw, seal.key_pem, seal.chain_pem)
    path = tmp_path / "claim.pdf"
    path.write_bytes(sealed)
    verifying = summary(time_ms(lambda: verify_pdf(path), RUNS, WARMUP))
    stored = station.store.documents.get(claim_id)
    assert stored is not None and verify_pdf(path).ok

    print(f"\nclaim documents (Kindergeld; {RUNS} samples each, {WARMUP} warm-up calls "
          "not counted)")
    print(f"  render, Latin names, German + Russian     p50 {render_latin['p50']:.1f} ms  "
          f"p95 {render_latin['p95']:.1f} ms")
    print(f"  render, Arabic names, German + Russian    p50 {render_ru['p50']:.1f} ms  "
          f"p95 {render_ru['p95']:.1f} ms")
    print(f"  render, Arabic names, German + Arabic     p50 {render_ar['p50']:.1f} ms  "
          f"p95 {render_ar['p95']:.1f} ms")
    print(f"  seal (PAdES, EC P-256, stamp)             p50 {sealing['p50']:.1f} ms  "
          f"p95 {sealing['p95']:.1f} ms")
    print(f"  verify (all checks, pdftotext + qpdf)     p50 {verifying['p50']:.1f} ms  "
          f"p95 {verifying['p95']:.1f} ms")
    print(f"  file size: unsealed {len(raw) / 1024:.0f} KB, sealed {len(sealed) / 1024:.0f} KB"
          f" (stored with the claim: {len(stored.pdf) / 1024:.0f} KB)")
