"""Document commands: `verify-pdf`, `case pdf`, `case handout`, and the station's seal
(`seal import` of IT's certificate, `seal show`)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from kiosk.app import Station
from kiosk.cli.output import fail, say
from kiosk.errors import InvalidInput
from kiosk.fileio import checked_target, write_atomic
from kiosk.validation import LANGUAGES

MAX_P12_BYTES = 1024 * 1024
MAX_PDF_BYTES = 50 * 1024 * 1024


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "verify-pdf",
        help="check a sealed claim PDF",
        description="Check a claim PDF: the station's seal intact and covering the entire "
        "file, who sealed it, the embedded claim data matching the hash printed on every "
        "page, the PDF/A-3 structure and `qpdf --check`. Exit 0 only if every check holds.",
    )
    p.add_argument("file", type=Path, help="the PDF to check")
    p.add_argument("--trust", type=Path, metavar="CA.pem",
                   help="CA certificate(s) the seal must chain to (else trust is not checked)")
    p.set_defaults(func=cmd_verify)

    case = _case_subcommands(sub)
    c = case.add_parser(
        "pdf",
        help="write a claim's sealed PDF",
        description="Write the stored (sealed) PDF of a signed claim — the same bytes each "
        "time. The file is written atomically with mode 0600; it holds personal data.",
    )
    c.add_argument("claim_id")
    c.add_argument("--out", type=Path, required=True, metavar="FILE")
    c.set_defaults(func=cmd_case_pdf)

    c = case.add_parser(
        "handout",
        help="write the family's one-page handout",
        description="Write the family's one-page handout (what was filed, with which office, "
        "what is missing and how to hand it in, online services with QR codes, the case "
        "reference, the next station day) in the family's language or --lang.",
    )
    c.add_argument("case_id")
    c.add_argument("--lang", choices=LANGUAGES, help="language (default: the family's)")
    c.add_argument("--out", type=Path, required=True, metavar="FILE")
    c.set_defaults(func=cmd_case_handout)

    p = sub.add_parser("seal", help="the station's seal certificate",
                       description="The station's seal (PAdES) certificate and key.")
    seal = p.add_subparsers(dest="seal_command", required=True, metavar="COMMAND")
    s = seal.add_parser(
        "import",
        help="import IT's seal certificate (PKCS#12)",
        description="Import the station's seal key and certificate chain from IT's PKCS#12 "
        "file into the OS keyring (replacing a demo seal), then seal every claim PDF that "
        "waited for it. The password is asked on the terminal, or read from the first line "
        "of standard input with --password-stdin.",
    )
    s.add_argument("--p12", type=Path, required=True, metavar="FILE")
    s.add_argument("--password-stdin", action="store_true")
    s.set_defaults(func=cmd_seal_import)
    s = seal.add_parser("show", help="who seals, and export the chain",
                        description="Show the seal certificate's subject and issuer; with "
                        "--out write the issuing CA certificate(s) (PEM) for "
                        "`verify-pdf --trust`.")
    s.add_argument("--out", type=Path, metavar="FILE")
    s.set_defaults(func=cmd_seal_show)


def _case_subcommands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The sub-commands of `case` (registered by kiosk.cli.case_cmds)."""
    case_parser = sub.choices["case"]
    for action in case_parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the `case` command has no sub-commands")  # a programming error


# --- writing files ----------------------------------------------------------------------------
def write_document(path: Path, data: bytes) -> None:
    write_atomic(checked_target(path), data, mode=0o600)


# --- commands -----------------------------------------------------------------------------
def cmd_verify(args: argparse.Namespace) -> int:
    from kiosk.documents.verify import verify_pdf

    path: Path = args.file
    try:
        if not path.is_file():
            raise OSError
        if path.stat().st_size > MAX_PDF_BYTES:
            fail(f"„{path}“ ist größer als {MAX_PDF_BYTES // (1024 * 1024)} MB.")
            return 2
        trust = args.trust.read_bytes() if args.trust else None
    except OSError:
        fail(f"„{args.trust if args.trust and path.is_file() else path}“ lässt sich nicht "
             "lesen.")
        return 2
    report = verify_pdf(path, trust)
    for check in report.checks:
        (say if check.ok else fail)(f"{'OK' if check.ok else 'FEHLER'} {check.name}: "
                                    f"{check.message}")
    if report.ok:
        say("Ergebnis: Das PDF ist unverändert, vollständig versiegelt und gültig.")
        return 0
    fail("Ergebnis: Das PDF hat die Prüfung NICHT bestanden.")
    return 1


def cmd_case_pdf(args: argparse.Namespace) -> int:
    checked_target(args.out)
    station = Station.open(args.data_dir)
    try:
        station.store.claims.get_claim(args.claim_id)
        stored = station.store.documents.get(args.claim_id)
    finally:
        station.close()
    if stored is None:
        raise InvalidInput(f"claim {args.claim_id} has no PDF",
                           "Für diesen Antrag gibt es kein PDF (er ist nicht unterschrieben).")
    write_document(args.out, stored.pdf)
    if stored.sealed:
        say(f"Versiegeltes Antrags-PDF geschrieben: {args.out}")
    else:
        say(f"Antrags-PDF geschrieben: {args.out} — ACHTUNG: noch nicht versiegelt (die "
            "Station hat kein Siegelzertifikat; `fvo-kiosk-admin seal import`).")
    return 0


def cmd_case_handout(args: argparse.Namespace) -> int:
    from kiosk.visit.claim_documents import handout

    checked_target(args.out)
    station = Station.open(args.data_dir)
    try:
        pdf = handout(station, args.case_id, args.lang)
    finally:
        station.close()
    write_document(args.out, pdf)
    say(f"Merkblatt für die Familie geschrieben: {args.out}")
    return 0


def _read_password(from_stdin: bool) -> bytes:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n").encode("utf-8")
    return getpass.getpass("Passwort der PKCS#12-Datei: ").encode("utf-8")


def cmd_seal_import(args: argparse.Namespace) -> int:
    from kiosk.keys import KeyStore
    from kiosk.keys.seal_key import seal_from_p12, store_seal
    from kiosk.visit.claim_documents import seal_waiting

    try:
        if args.p12.stat().st_size > MAX_P12_BYTES:
            raise InvalidInput("PKCS#12 file too large", "Die PKCS#12-Datei ist zu groß.")
        data = args.p12.read_bytes()
    except OSError:
        fail(f"„{args.p12}“ lässt sich nicht lesen.")
        return 2
    seal = seal_from_p12(data, _read_password(args.password_stdin) or None)
    station = Station.open(args.data_dir)
    try:
        store_seal(KeyStore(station.identity.station_id, station.keyring_backend), seal)
        sealed = seal_waiting(station, "admin")
    finally:
        station.close()
    say(f"Siegelzertifikat übernommen: {seal.subject}")
    if sealed:
        say(f"{sealed} wartende Antrags-PDFs versiegelt.")
    return 0


def cmd_seal_show(args: argparse.Namespace) -> int:
    from kiosk.keys import KeyStore
    from kiosk.keys.seal_key import load_seal

    if args.out:
        checked_target(args.out)
    station = Station.open(args.data_dir)
    try:
        seal = load_seal(KeyStore(station.identity.station_id, station.keyring_backend))
        waiting = len(station.store.documents.unsealed())
    finally:
        station.close()
    if seal is None:
        fail("Diese Station hat kein Siegelzertifikat (fvo-kiosk-admin seal import --p12 DATEI).")
        return 1
    cert: Any = seal.certificate
    say(f"Siegel: {seal.subject}")
    say(f"Aussteller: {cert.issuer.rfc4514_string()}")
    say(f"Gültig bis: {cert.not_valid_after_utc:%d.%m.%Y}")
    say(f"Wartende unversiegelte Antrags-PDFs: {waiting}")
    if args.out:
        write_atomic(args.out, seal.trust_anchor_pem, mode=0o644)
        say(f"CA-Zertifikat für verify-pdf --trust geschrieben: {args.out}")
    return 0
