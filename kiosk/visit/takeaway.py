"""What the family takes home: its signed claims' sealed PDFs and the one-page handout, saved
to a folder (a USB stick) or handed to the system print queue (CUPS ``lp``, from memory)."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import InvalidInput, KioskError
from kiosk.fileio import checked_target, write_atomic
from kiosk.i18n import LANGUAGES
from kiosk.store import states
from kiosk.visit.claim_documents import family_language, handout

if TYPE_CHECKING:
    from kiosk.app import Station

log = logging.getLogger(__name__)

#: How long one print job may take to reach the queue (``lp`` only spools, it does not wait
#: for the paper).
LP_TIMEOUT_S = 30.0
MAX_COPIES = 20
HANDOUT_NAME = "merkblatt"
# CUPS printer names: printable, no space, "/", "#" or quote, no leading "-"; at most 127.
_PRINTER_NAME = re.compile(r"(?!-)[^\s/#'\"\\\x00-\x1f\x7f]{1,127}")
NO_LP = ("Drucken ist an dieser Station nicht eingerichtet (das Druckprogramm „lp“ fehlt). "
         "Bitte „Speichern“ nutzen oder die IT-Betreuung verständigen.")


class PrintFailed(KioskError):
    """The print queue did not take a document (``lp`` missing, refused or too slow)."""


@dataclass(frozen=True)
class FamilyDocument:
    """One document for the family: a file name without personal data, and its PDF."""

    name: str
    pdf: bytes


def claim_pdf(station: Station, claim_id: str) -> bytes:
    """The stored (sealed) PDF of a signed claim, the same bytes each time."""
    station.store.claims.get_claim(claim_id)  # an unknown claim says so
    stored = station.store.documents.get(claim_id)
    if stored is None:
        raise InvalidInput(f"claim {claim_id} has no PDF",
                           "Für diesen Antrag gibt es kein PDF (er ist nicht unterschrieben).")
    return stored.pdf


def handout_pdf(station: Station, case_id: str, lang: str | None = None) -> bytes:
    """The family's one-page handout in ``lang`` (default: the household's, else German)."""
    return handout(station, case_id, _language(lang))


def signed_claims(station: Station, case_id: str) -> list[str]:
    """The claims of the case the family takes a copy of: signed (whatever became of them
    since) with a stored PDF; withdrawn and superseded ones are left out."""
    store = station.store
    return [c.id for c in store.claims.list_claims(case_id)
            if c.state in states.FROZEN and c.state in states.SHOWN_TO_FAMILY
            and store.documents.get(c.id) is not None]


def family_documents(station: Station, case_id: str, lang: str | None = None,
                     ) -> list[FamilyDocument]:
    """The signed claims' PDFs and the handout, each named by the case reference and the
    benefit (``<case>-kindergeld.pdf``, ``<case>-merkblatt-tr.pdf``) — no names, no dates."""
    store = station.store
    case = store.cases.get_case(case_id)
    lang = family_language(case.household, _language(lang))
    claims = {c.id: c for c in store.claims.list_claims(case_id)}
    documents: list[FamilyDocument] = []
    taken: set[str] = set()
    for claim_id in signed_claims(station, case_id):
        base = f"{case.id}-{_slug(claims[claim_id].benefit)}"
        name, n = f"{base}.pdf", 1
        while name in taken:
            n += 1
            name = f"{base}-{n}.pdf"
        taken.add(name)
        documents.append(FamilyDocument(name, claim_pdf(station, claim_id)))
    documents.append(FamilyDocument(f"{case.id}-{HANDOUT_NAME}-{lang}.pdf",
                                    handout(station, case_id, lang)))
    return documents


def save_for_family(station: Station, case_id: str, folder: Path | str,
                    lang: str | None = None) -> list[Path]:
    """Write the family's documents into an existing ``folder`` (a USB stick), each
    atomically with mode 0600 and only as a new or existing regular file; every target is
    checked before the first is written. Returns the paths written."""
    folder = Path(folder)
    documents = family_documents(station, case_id, lang)
    targets = [checked_target(str(folder / d.name)) for d in documents]
    written: list[Path] = []
    for path, document in zip(targets, documents, strict=True):
        try:
            write_atomic(path, document.pdf, mode=0o600)
        except OSError as exc:
            log.error("family copy not written (%s); %d of %d files written",
                      exc.strerror, len(written), len(documents))
            raise KioskError(
                f"family copy not written: {exc.strerror}",
                f"Die Dateien wurden nicht vollständig gespeichert ({exc.strerror}); "
                f"{len(written)} von {len(documents)} Dateien sind im Ordner.") from None
        written.append(path)
    log.info("family copy saved: %d files", len(written))
    return written


def print_pdf(printer: str, copies: int, pdf: bytes, timeout: float = LP_TIMEOUT_S) -> None:
    """Hand ``pdf`` to the system print queue: ``lp -d PRINTER -n COPIES -`` reading the
    bytes from standard input (never a temp file), no shell, with a timeout."""
    if not _PRINTER_NAME.fullmatch(printer or ""):
        raise InvalidInput("no usable printer name", "Bitte einen Drucker wählen.")
    if not 1 <= copies <= MAX_COPIES:
        raise InvalidInput(f"copies out of range: {copies}",
                           f"Bitte 1 bis {MAX_COPIES} Exemplare wählen.")
    lp = shutil.which("lp")
    if lp is None:
        log.error("print refused: lp not found on PATH")
        raise PrintFailed("lp not found", NO_LP)
    try:
        result = subprocess.run([lp, "-d", printer, "-n", str(copies), "-"], input=pdf,
                                capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        log.error("print job not queued: lp took longer than %.0f s", timeout)
        raise PrintFailed("lp timed out", f"Der Drucker „{printer}“ antwortet nicht. Bitte "
                          "den Drucker prüfen oder „Speichern“ nutzen.") from None
    except OSError as exc:
        log.error("print job not queued: lp could not start (%s)", exc.strerror)
        raise PrintFailed("lp did not start", NO_LP) from None
    if result.returncode != 0:
        # lp's own message names the printer or the queue, never the document.
        log.error("print job refused: lp exit %d: %s", result.returncode,
                  result.stderr.decode("utf-8", "replace").strip()[:200])
        raise PrintFailed(f"lp exit {result.returncode}",
                          f"Der Drucker „{printer}“ hat den Auftrag nicht angenommen. Bitte "
                          "den Drucker prüfen oder „Speichern“ nutzen.")


def print_for_family(station: Station, case_id: str, printer: str, copies: int,
                     lang: str | None = None) -> int:
    """Print the family's documents (signed claims, then the handout), one job each;
    returns how many were queued."""
    documents = family_documents(station, case_id, lang)
    for done, document in enumerate(documents):
        try:
            print_pdf(printer, copies, document.pdf)
        except PrintFailed as exc:
            if done:
                exc.user_message += f" ({done} von {len(documents)} Dokumenten sind gedruckt.)"
            raise
    log.info("family copy printed: %d documents x %d", len(documents), copies)
    return len(documents)


def _language(lang: str | None) -> str | None:
    if lang is not None and lang not in LANGUAGES:
        raise InvalidInput(f"unknown language {lang!r}", "Diese Sprache gibt es nicht.")
    return lang


def _slug(benefit: str) -> str:
    """A benefit id as a file-name part (form ids are ASCII already; this keeps it so)."""
    return re.sub(r"[^a-z0-9_-]+", "-", benefit.lower()).strip("-") or "antrag"
