"""The signed claim's documents: the sealed PDF/A-3 with its data inside, `verify-pdf`, the
reprint and the family's handout (fvo-kiosk-admin verify-pdf / case pdf / case handout)."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

from kiosk.documents.fonts import GlyphMissing
from kiosk.errors import InvalidInput
from kiosk.keys import KeyStore
from kiosk.keys.seal_key import CERTS_ENTRY, KEY_ENTRY, load_seal, make_demo_seal
from kiosk.signature.recorded import recorded_signature
from kiosk.store import states
from tests import households

ACTOR = "counsellor:1"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed")


def sign_claim(station, household: dict, lang: str | None = None) -> str:
    visit = station.visit(ACTOR)
    case_id = visit.create_case(household)
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    shown = visit.summary(claim_id, lang or "de")
    visit.sign(claim_id, recorded_signature(), shown.sha256, lang=lang)
    return claim_id


def write_pdf(cli, claim_id: str, path: Path) -> bytes:
    code, _, err = cli("case", "pdf", claim_id, "--out", str(path))
    assert code == 0, err
    return path.read_bytes()


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")


@pytest.fixture
def sealed_pdf(station, cli, tmp_path) -> tuple[str, Path]:
    claim_id = sign_claim(station, households.load(), "ru")
    path = tmp_path / "antrag.pdf"
    write_pdf(cli, claim_id, path)
    return claim_id, path


# --- sealed, verified ---------------------------------------------------------------------
@needs_poppler
def test_signed_claim_has_a_sealed_pdf_that_verifies(station, cli, sealed_pdf, tmp_path):
    claim_id, path = sealed_pdf
    chain = tmp_path / "chain.pem"
    assert cli("seal", "show", "--out", str(chain))[0] == 0
    code, out, err = cli("verify-pdf", str(path), "--trust", str(chain))
    assert code == 0, err
    assert "versiegelt von" in out and "Demo" in out
    assert "deckt die gesamte Datei ab" in out
    assert station.store.claims.get_claim(claim_id).sha256 in out
    # A seal from another CA is not trusted.
    other = tmp_path / "other.pem"
    other.write_bytes(make_demo_seal("x", "Andere Station").trust_anchor_pem)
    code, _, err = cli("verify-pdf", str(path), "--trust", str(other))
    assert code == 1 and "FEHLER Vertrauen" in err
    # The reprint is the stored document, byte for byte.
    assert write_pdf(cli, claim_id, tmp_path / "again.pdf") == path.read_bytes()


@needs_poppler
def test_one_flipped_byte_fails_verification(cli, sealed_pdf, tmp_path):
    _, path = sealed_pdf
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    bad = tmp_path / "flipped.pdf"
    bad.write_bytes(bytes(data))
    code, _, err = cli("verify-pdf", str(bad))
    assert code == 1
    assert "FEHLER Siegel" in err
    assert "NICHT bestanden" in err


@needs_poppler
def test_bytes_appended_after_the_seal_fail_verification(cli, sealed_pdf, tmp_path):
    _, path = sealed_pdf
    bad = tmp_path / "appended.pdf"
    bad.write_bytes(path.read_bytes() + b"\n% appended after sealing\n")
    code, out, err = cli("verify-pdf", str(bad))
    assert code == 1
    assert "OK Siegel" in out  # pyHanko alone would call this seal valid
    assert "FEHLER Abdeckung" in err and "nicht die gesamte Datei" in err


def test_pyhanko_validator_agrees_on_the_untouched_file(station, sealed_pdf):
    from pyhanko.keys import load_certs_from_pemder_data
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    _, path = sealed_pdf
    seal = load_seal(KeyStore(station.identity.station_id, station.keyring_backend))
    assert seal is not None
    root = list(load_certs_from_pemder_data(seal.chain_pem))[-1]
    with path.open("rb") as fh:
        sig = PdfFileReader(fh).embedded_signatures[0]
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE


# --- what the PDF says and carries -----------------------------------------------------------
@needs_poppler
def test_text_has_latin_and_cyrillic_names_and_the_hash_on_every_page(station, cli, tmp_path):
    for household, names in ((households.load(), ("Schneider", "Julia Marie")),
                             (households.load("arabic_cyrillic_names"), ("Коваленко", "Олена"))):
        claim_id = sign_claim(station, household, "uk")
        path = tmp_path / f"{claim_id}.pdf"
        write_pdf(cli, claim_id, path)
        text = pdftotext(path)
        for name in names:
            assert name in text
        sha = station.store.claims.get_claim(claim_id).sha256
        pages = [p for p in text.split("\f") if p.strip()]
        assert len(pages) >= 2
        assert all(sha in page and "Seite" in page for page in pages)


def test_embedded_json_is_the_frozen_canonical_json_byte_for_byte(station, cli, tmp_path):
    claim_id = sign_claim(station, households.load("arabic_cyrillic_names"), "ar")
    path = tmp_path / "a.pdf"
    write_pdf(cli, claim_id, path)
    with pikepdf.open(path) as pdf:
        (spec,) = list(pdf.Root.AF)
        assert spec.AFRelationship == pikepdf.Name.Data
        stream = spec.EF.F
        assert str(stream.Subtype) == "/application/json"
        assert spec.UF == "claim.json"
        assert stream.read_bytes() == station.store.claims.get_claim(claim_id).canonical


@needs_poppler
def test_arabic_cyrillic_and_turkish_names_render_with_every_glyph(station, cli, tmp_path,
                                                                   caplog):
    household = households.load("arabic_cyrillic_names")
    household["children"][0]["given_names"] = "Ayşe Gülçiçek İğdır"
    caplog.set_level(logging.WARNING, logger="fpdf")
    claim_id = sign_claim(station, household, "ar")
    path = tmp_path / "a.pdf"
    write_pdf(cli, claim_id, path)
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    text = pdftotext(path)
    assert "Ayşe Gülçiçek İğdır" in text and "Коваленко" in text
    # pdftotext scrambles shaped Arabic, but every letter of the names is there.
    assert set("الحسنمحمدليلى") <= set(text)
    with pikepdf.open(path) as pdf:
        fonts = {str(f.BaseFont) for page in pdf.pages for f in page.Resources.Font.values()}
    assert any("NotoNaskhArabic" in f for f in fonts) and any("NotoSans" in f for f in fonts)


def test_a_character_no_font_draws_refuses_signing_with_a_message(station):
    household = households.load()
    household["applicant"]["given_names"] = "Julia 玲"
    visit = station.visit(ACTOR)
    case_id = visit.create_case(household)
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    shown = visit.summary(claim_id, "de")
    with pytest.raises(GlyphMissing) as err:
        visit.sign(claim_id, recorded_signature(), shown.sha256)
    assert isinstance(err.value, InvalidInput)
    assert "U+73B2" in err.value.user_message and "kein PDF" in err.value.user_message
    # Nothing was frozen: the family can sign again once the spelling is fixed.
    assert station.store.claims.get_claim(claim_id).state == states.DRAFT
    assert station.store.documents.get(claim_id) is None


# --- the handout ------------------------------------------------------------------------------
def _decoded_qr_links(pdf_path: Path, tmp_path: Path) -> set[str]:
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf_path), str(prefix)], check=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    run = subprocess.run(["zbarimg", "--quiet", "--raw", *map(str, pngs)],
                         capture_output=True, check=False)
    return {line for line in run.stdout.decode().splitlines() if line}


def _title_box(pdf_path: Path) -> tuple[float, float, float]:
    """(xMin, xMax, page width) of the first line of text (pdftotext -bbox-layout)."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_path), "-"], check=True,
                          capture_output=True).stdout.decode()
    page_w = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    line = re.search(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', html)
    return float(line.group(1)), float(line.group(2)), page_w


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
@needs_poppler
def test_handout_in_arabic_is_right_to_left_and_its_qr_codes_decode(station, cli, tmp_path):
    household = households.load("arabic_cyrillic_names")
    claim_id = sign_claim(station, household, "ar")
    case_id = station.store.claims.get_claim(claim_id).case_id
    out = tmp_path / "merkblatt.pdf"
    code, _, err = cli("case", "handout", case_id, "--lang", "ar", "--out", str(out))
    assert code == 0, err
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1
        assert str(pdf.Root.Lang) == "ar"
    x_min, x_max, width = _title_box(out)
    assert x_max > width * 0.85 and x_min > width * 0.4  # the title sits at the right
    expected = {s.url for s in station.config.offices["familienkasse"].online_services}
    assert _decoded_qr_links(out, tmp_path) == expected
    text = pdftotext(out)
    assert case_id in text
    # No stray glyph at the end of an Arabic line (fpdf2 once drew ")" as a bold "o").
    assert not re.search(r"[\u0600-\u06ff][\u200e\u200f\u202a-\u202e]*[A-Za-z][\u202a-\u202e]*$",
                         text, re.MULTILINE)
    # The same handout in German starts at the left.
    de = tmp_path / "de.pdf"
    assert cli("case", "handout", case_id, "--lang", "de", "--out", str(de))[0] == 0
    x_min, _, width = _title_box(de)
    assert x_min < width * 0.15


# --- files and the temp dir --------------------------------------------------------------------
def test_outputs_only_to_regular_files(station, cli, sealed_pdf, tmp_path):
    claim_id, _ = sealed_pdf
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target in (tmp_path, Path("/dev/null"), fifo, tmp_path / "missing" / "a.pdf"):
        code, _, err = cli("case", "pdf", claim_id, "--out", str(target))
        assert code == 2, target
        assert err
    assert oct((tmp_path / "antrag.pdf").stat().st_mode & 0o777) == "0o600"


def test_no_personal_data_reaches_the_temp_dir(station, cli, tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    claim_id = sign_claim(station, households.load(), "tr")
    case_id = station.store.claims.get_claim(claim_id).case_id
    out = tmp_path / "out"
    out.mkdir()
    write_pdf(cli, claim_id, out / "a.pdf")
    assert cli("case", "handout", case_id, "--out", str(out / "h.pdf"))[0] == 0
    assert list(scratch.iterdir()) == []


# --- the seal key -----------------------------------------------------------------------------
def _p12(password: bytes) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Stadt Wiesbaden Station 7")])
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"seal", key, cert, None,
                                                 BestAvailableEncryption(password))


@needs_poppler
def test_without_seal_key_signing_keeps_the_pdf_unsealed_until_it_is_imported(
        station, cli, memory_keyring, tmp_path, monkeypatch):
    station_id = station.identity.station_id
    for entry in (KEY_ENTRY, CERTS_ENTRY):
        memory_keyring.delete_password("fvo-kiosk", f"station:{station_id}:{entry}")
    claim_id = sign_claim(station, households.load())
    assert station.store.claims.get_claim(claim_id).state == states.QUEUED  # not lost
    stored = station.store.documents.get(claim_id)
    assert stored is not None and not stored.sealed
    path = tmp_path / "unsealed.pdf"
    code, out, _ = cli("case", "pdf", claim_id, "--out", str(path))
    assert code == 0 and "nicht versiegelt" in out
    code, _, err = cli("verify-pdf", str(path))
    assert code == 1 and "gefunden: 0" in err

    p12 = tmp_path / "station.p12"
    p12.write_bytes(_p12(b"geheim"))
    monkeypatch.setattr("sys.stdin", io.StringIO("falsch\n"))
    code, _, err = cli("seal", "import", "--p12", str(p12), "--password-stdin")
    assert code == 2 and "Passwort" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("geheim\n"))
    code, out, err = cli("seal", "import", "--p12", str(p12), "--password-stdin")
    assert code == 0, err
    assert "Stadt Wiesbaden Station 7" in out and "1 wartende" in out
    sealed = tmp_path / "sealed.pdf"
    write_pdf(cli, claim_id, sealed)
    code, out, err = cli("verify-pdf", str(sealed))
    assert code == 0, err
    assert "Stadt Wiesbaden Station 7" in out


def test_verify_pdf_names_a_file_that_is_no_pdf_and_a_missing_file(cli, tmp_path):
    junk = tmp_path / "kein.pdf"
    junk.write_bytes(b"MZ\x90\x00 not a pdf at all")
    code, _, err = cli("verify-pdf", str(junk))
    assert code == 1 and "FEHLER Siegel" in err and "FEHLER PDF/A" in err
    code, _, err = cli("verify-pdf", str(tmp_path / "fehlt.pdf"))
    assert code == 2 and "lässt sich nicht lesen" in err
