"""Checking a sealed claim PDF, as `fvo-kiosk-admin verify-pdf` does: the seal intact and
covering the entire file, who sealed it, the embedded data matching the hash printed on
every page, the PDF/A structure (pikepdf) and `qpdf --check`. Every check says what it found."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kiosk.documents.claim_pdf import JSON_NAME
from kiosk.documents.layout import FOOTER_H, MM_TO_PT, PAGE_H, PAGE_W

HASH_ON_PAGE = re.compile(r"SHA-256 des Antrags:\s*([0-9a-f]{64})")
TOOL_TIMEOUT = 30


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    signer: str | None = None
    sha256: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def add(self, name: str, ok: bool, message: str) -> None:
        self.checks.append(Check(name, ok, message))


def verify_pdf(path: Path, trust_pem: bytes | None = None) -> Report:
    """Every check of the file at ``path`` (see the module text). With ``trust_pem`` (CA
    certificates) the seal must also chain to one of them."""
    data = Path(path).read_bytes()
    report = Report()
    # qpdf and pdftotext are processes of their own: they run beside pyHanko's validation
    # of the seal (in this process) instead of one after the other.
    qpdf = _start_qpdf(path)
    with ThreadPoolExecutor(max_workers=1) as pool:
        printed = pool.submit(_page_hashes, data)
        _check_seal(data, report, trust_pem)
        try:
            pdf = pikepdf.open(io.BytesIO(data))
        except pikepdf.PdfError:
            report.add("PDF/A", False, "Die Datei lässt sich nicht als PDF öffnen.")
        else:
            with pdf:
                _check_data(pdf, printed.result(), report)
                _check_pdfa(pdf, report)
    _finish_qpdf(qpdf, report)
    return report


@contextmanager
def _quiet_path_building(quiet: bool) -> Iterator[None]:
    """Without trust roots no certificate path can be built; pyHanko logs that with a stack
    trace, which here is expected and says nothing."""
    logger = logging.getLogger("pyhanko.sign.validation")
    level = logger.level
    if quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


# --- the seal ------------------------------------------------------------------------------
def _check_seal(data: bytes, report: Report, trust_pem: bytes | None) -> None:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any parse failure means: not a readable sealed PDF
        report.add("Siegel", False, "Die Datei ist beschädigt oder kein PDF; das Siegel "
                   "lässt sich nicht lesen.")
        return
    if len(sigs) != 1:
        report.add("Siegel", False, f"Erwartet genau ein Siegel, gefunden: {len(sigs)}.")
        return
    sig = sigs[0]
    roots = list(load_certs_from_pemder_data(trust_pem)) if trust_pem else []
    try:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        with _quiet_path_building(not roots):
            status = validate_pdf_signature(sig, context)
    except Exception:  # noqa: BLE001 - a mangled signature must be a failed check, not a crash
        report.add("Siegel", False, "Das Siegel ist beschädigt und lässt sich nicht prüfen.")
        return
    cert = status.signing_cert
    report.signer = cert.subject.human_friendly if cert is not None else None
    if status.intact and status.valid:
        report.add("Siegel", True, f"Siegel unversehrt; versiegelt von: {report.signer}.")
    else:
        report.add("Siegel", False, "Das Siegel ist gebrochen: der Inhalt wurde nach dem "
                   "Versiegeln verändert.")
    if trust_pem is not None:
        report.add("Vertrauen", bool(status.trusted),
                   "Das Zertifikat des Siegels stammt von der angegebenen Stelle."
                   if status.trusted else
                   "Das Zertifikat des Siegels führt zu keiner der angegebenen Stellen "
                   "(--trust).")
    _check_coverage(data, sig.sig_object, report)


def _check_coverage(data: bytes, sig_object: Any, report: Report) -> None:
    """The byte range must be the whole file except the signature's own /Contents: pyHanko
    calls a seal valid even with bytes appended after it."""
    try:
        start, first_len, second_start, second_len = (int(x) for x in sig_object["/ByteRange"])
    except (KeyError, TypeError, ValueError):
        report.add("Abdeckung", False, "Das Siegel hat keinen lesbaren Byte-Bereich.")
        return
    gap = data[first_len:second_start]
    whole = (start == 0 and second_start + second_len == len(data)
             and re.fullmatch(rb"<[0-9a-fA-F]*>", gap) is not None)
    if whole:
        report.add("Abdeckung", True, "Das Siegel deckt die gesamte Datei ab.")
    else:
        extra = len(data) - (second_start + second_len)
        report.add("Abdeckung", False,
                   f"Das Siegel deckt nicht die gesamte Datei ab: {extra} Bytes stehen "
                   "außerhalb des versiegelten Bereichs (nachträglich angehängt oder "
                   "verändert).")


# --- the data inside ------------------------------------------------------------------------
def _embedded_json(pdf: pikepdf.Pdf) -> bytes | None:
    for spec in pdf.Root.get("/AF", []):
        if (str(spec.get("/AFRelationship")) == "/Data"
                and str(spec.get("/UF", spec.get("/F"))) == JSON_NAME):
            ef: Any = spec.get("/EF")
            stream = ef.get("/F") if ef is not None else None
            if stream is not None and str(stream.get("/Subtype")) == "/application/json":
                return bytes(stream.read_bytes())
    return None


def _for_text(data: bytes) -> bytes | None:
    """The file as pdftotext reads it fastest: the same pages without the PDF/A output intent
    (with it, poppler builds a colour transform from the ICC profile for every page, two
    thirds of its time; text does not depend on colour). None if the file is no PDF."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if "/OutputIntents" in pdf.Root:
                del pdf.Root["/OutputIntents"]
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()
    except pikepdf.PdfError:
        return None


def _page_hashes(data: bytes) -> list[set[str]] | None:
    """The claim hashes pdftotext reads in each page's footer; None without pdftotext."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    pages_only = _for_text(data)
    if pages_only is None:
        return []
    # Only the footer strip of each page (where the hash is printed): half the time of the
    # whole page's text. The file goes in on stdin: nothing of it is written to the disk.
    top = round((PAGE_H - FOOTER_H - 4) * MM_TO_PT)
    crop = ["-x", "0", "-y", str(top), "-W", str(round(PAGE_W * MM_TO_PT)),
            "-H", str(round((FOOTER_H + 4) * MM_TO_PT))]
    try:
        run = subprocess.run([tool, "-enc", "UTF-8", *crop, "-", "-"], input=pages_only,
                             capture_output=True, timeout=TOOL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return []
    if run.returncode != 0:
        return []
    pages = run.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [set(HASH_ON_PAGE.findall(page)) for page in pages]


def _check_data(pdf: pikepdf.Pdf, pages: list[set[str]] | None,
                report: Report) -> bytes | None:
    body = _embedded_json(pdf)
    if body is None:
        report.add("Daten", False, f"Die Antragsdaten ({JSON_NAME}, Beziehung „Data“, "
                   "application/json) fehlen im PDF.")
        return None
    digest = hashlib.sha256(body).hexdigest()
    report.sha256 = digest
    if pages is None:
        report.add("Daten", False, "pdftotext fehlt (Paket poppler-utils); die gedruckte "
                   "Prüfsumme lässt sich nicht lesen.")
    elif not pages or any(found != {digest} for found in pages):
        wrong = [n for n, found in enumerate(pages, start=1) if found != {digest}]
        report.add("Daten", False, "Die Prüfsumme der eingebetteten Antragsdaten stimmt nicht "
                   "mit der auf den Seiten gedruckten überein"
                   + (f" (Seite {', '.join(map(str, wrong))})." if wrong else "."))
    else:
        report.add("Daten", True, f"Eingebettete Antragsdaten passen zur Prüfsumme auf allen "
                   f"{len(pages)} Seiten (SHA-256 {digest}).")
    return body


# --- PDF/A structure --------------------------------------------------------------------------
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _font_embedded(font: Any) -> bool:
    subtype = str(font.get("/Subtype"))
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        return bool(descendants) and all(_font_embedded(d) for d in descendants)
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in _FONT_FILES)


def _check_pdfa(pdf: pikepdf.Pdf, report: Report) -> None:
    problems = []
    meta = pdf.open_metadata()
    if meta.get("pdfaid:part") != "3" or meta.get("pdfaid:conformance") not in ("A", "B", "U"):
        problems.append("keine PDF/A-3-Kennung in den XMP-Metadaten")
    intents: Any = pdf.Root.get("/OutputIntents", [])
    if not any(str(i.get("/S")) == "/GTS_PDFA1" and "/DestOutputProfile" in i
               for i in intents):
        problems.append("kein OutputIntent mit Farbprofil")
    if pdf.is_encrypted:
        problems.append("verschlüsselt")
    fonts = javascript = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        if obj.get("/Type") == pikepdf.Name.Font and not _font_embedded(obj):
            fonts += 1
        if "/JS" in obj or obj.get("/S") == pikepdf.Name.JavaScript or "/AA" in obj:
            javascript += 1
    names = pdf.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        javascript += 1
    if fonts:
        problems.append(f"{fonts} Schrift(en) nicht eingebettet")
    if javascript:
        problems.append("enthält JavaScript oder automatische Aktionen")
    if not any(str(s.get("/AFRelationship")) == "/Data" for s in pdf.Root.get("/AF", [])):
        problems.append("keine Associated-File-Einträge (/AF)")
    if problems:
        report.add("PDF/A", False, "PDF/A-3-Struktur verletzt: " + "; ".join(problems) + ".")
    else:
        report.add("PDF/A", True, "PDF/A-3B: Kennung, OutputIntent, alle Schriften "
                   "eingebettet, Anhang als Associated File, kein JavaScript, unverschlüsselt.")


def _start_qpdf(path: Path) -> subprocess.Popen[bytes] | None:
    tool = shutil.which("qpdf")
    if tool is None:
        return None
    return subprocess.Popen([tool, "--check", str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _finish_qpdf(run: subprocess.Popen[bytes] | None, report: Report) -> None:
    if run is None:
        report.add("qpdf", False, "qpdf fehlt (Paket qpdf); die Dateistruktur ist ungeprüft.")
        return
    try:
        code = run.wait(timeout=TOOL_TIMEOUT)
    except subprocess.TimeoutExpired:
        run.kill()
        run.wait()
        code = -1
    if code == 0:
        report.add("qpdf", True, "qpdf --check: keine Struktur- oder Stream-Fehler.")
    else:
        report.add("qpdf", False, f"qpdf --check meldet Fehler (Exit-Code {code}).")
