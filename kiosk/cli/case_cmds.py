"""Case commands: import, list, show, claims, export — the headless path for IT, tests and
data portability (a family's data-subject request is answered with `case export`)."""

from __future__ import annotations

import argparse
import base64
import json
import sys
from datetime import UTC, datetime
from typing import Any

from kiosk.app import Station
from kiosk.cli.export_file import write_export
from kiosk.cli.output import emit_json, fail, say, write_stdout
from kiosk.fileio import checked_target
from kiosk.i18n import state_label
from kiosk.model.strict_json import parse_document, read_document
from kiosk.validation import LANGUAGES

EXPORT_FORMAT = "fvo-kiosk-case-export/1"
LEVEL_DE = {"likely": "wahrscheinlich", "possible": "möglich", "not_applicable": "nicht zutreffend"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "case",
        help="import, list, show and export cases",
        description="Cases without the GUI: import a household, list cases, "
        "show hints and missing items per claim, export everything held.",
    )
    case = p.add_subparsers(dest="case_command", required=True, metavar="COMMAND")

    c = case.add_parser(
        "import",
        help="create a case from a household JSON file",
        description="Create a case from a household JSON document (see "
        "resources/schemas/household.schema.json) or a case export. Prints "
        "the new case id. Invalid input: exit code 2, every problem listed "
        "by JSON path, nothing stored.",
    )
    c.add_argument("file", help="household JSON file ('-' for standard input), at most 2 MiB")
    c.set_defaults(func=cmd_import)

    c = case.add_parser(
        "list",
        help="case id, visit date, state and claims of every case",
        description="List every case: id, visit date, state, and each "
        "claim's id and state. No personal data.",
    )
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(func=cmd_list)

    c = case.add_parser(
        "show",
        help="one case with its household and claims",
        description="Show one case: household, claims and their answers.",
    )
    c.add_argument("case_id")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(func=cmd_show)

    c = case.add_parser(
        "claims",
        help="eligibility hints and missing items per claim",
        description="For every benefit: the eligibility hint with its "
        "reason, the claim if one was added, and what is still missing "
        "(fields and documents).",
    )
    c.add_argument("case_id")
    c.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="de",
        help="language of reasons and labels (default: de)",
    )
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(func=cmd_claims)

    c = case.add_parser(
        "export",
        help="everything held about the family, as JSON",
        description="Export everything the station holds about one case "
        "(household, claims, signatures, the case's audit events) as JSON, "
        "for a data-subject request. The output is personal data in the "
        "clear: write it only to a protected place.",
    )
    c.add_argument("case_id")
    c.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to this regular file (mode 0600, written atomically) instead of stdout; "
        "devices, directories, FIFOs and symbolic links are refused",
    )
    c.set_defaults(func=cmd_export)


#: Problems printed per import; the rest is counted (a hostile file can hold thousands).
MAX_PROBLEMS_SHOWN = 50


def cmd_import(args: argparse.Namespace) -> int:
    from kiosk.model.checks import check_household

    doc = parse_document(read_document(args.file))
    if isinstance(doc, dict) and doc.get("format") == EXPORT_FORMAT:
        doc = doc.get("household")
    household, problems = check_household(doc)
    if problems:
        count = "1 Problem" if len(problems) == 1 else f"{len(problems)} Probleme"
        fail(f"Der Haushalt wurde nicht übernommen ({count}):")
        for problem in problems[:MAX_PROBLEMS_SHOWN]:
            print(f"  {problem.path}: {problem.message}", file=sys.stderr)
        if len(problems) > MAX_PROBLEMS_SHOWN:
            print(f"  … und {len(problems) - MAX_PROBLEMS_SHOWN} weitere.", file=sys.stderr)
        return 2
    station = Station.open(args.data_dir)
    try:
        say(station.store.cases.create_case("admin", household))
    finally:
        station.close()
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        cases = station.store.cases.list_cases()
    finally:
        station.close()
    rows: list[dict[str, Any]] = [
        {
            "case_id": c.id,
            "visit_date": c.visit_date,
            "state": c.state,
            "claims": [
                {"claim_id": cl.id, "benefit": cl.benefit, "subject": cl.subject, "state": cl.state}
                for cl in c.claims
            ],
        }
        for c in cases
    ]
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        say("Keine Fälle.")
    for row in rows:
        say(f"{row['case_id']}  {row['visit_date']}  {state_label(row['state'])}")
        for cl in row["claims"]:
            subject = f" ({cl['subject']})" if cl["subject"] else ""
            say(f"    {cl['claim_id']}  {cl['benefit']}{subject}: {state_label(cl['state'])}")
    return 0


def _case_document(station: Station, case_id: str) -> dict[str, Any]:
    case = station.store.cases.get_case(case_id)
    return {
        "case_id": case.id,
        "visit_date": case.visit_date,
        "state": case.state,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "household": case.household,
        "pending_input": case.pending,
        "resume_at": case.resume_at,
        "claims": [
            {
                "claim_id": cl.id,
                "benefit": cl.benefit,
                "form_version": cl.form_version,
                "subject": cl.subject,
                "state": cl.state,
                "answers": cl.answers,
                "sha256": cl.sha256,
            }
            for cl in station.store.claims.list_claims(case_id)
        ],
    }


def cmd_show(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        doc = _case_document(station, args.case_id)
    finally:
        station.close()
    if args.json:
        emit_json(doc)
        return 0
    say(f"Fall {doc['case_id']} vom {doc['visit_date']}: {state_label(doc['state'])}")
    applicant = doc["household"].get("applicant") or {}
    say(f"Antragsteller/in: {applicant.get('family_name', '')}, {applicant.get('given_names', '')}")
    say(f"Kinder: {len(doc['household'].get('children') or [])}")
    for cl in doc["claims"]:
        subject = f" ({cl['subject']})" if cl["subject"] else ""
        say(f"  {cl['benefit']}{subject}: {state_label(cl['state'])}  [{cl['claim_id']}]")
    return 0


def _missing_json(gaps: Any, lang: str) -> list[dict[str, Any]]:
    from kiosk.forms import field_message

    return [{"kind": m.kind, "id": m.id, "label": m.label,
             **({"problem": field_message(m.problem, lang)} if m.problem else {})}
            for m in gaps]


def claim_overview(station: Station, case_id: str, lang: str) -> list[dict[str, Any]]:
    """The claims overview of the visit operations (the claims screen shows the same), as
    rows: every claim the forms make of the household with its hint, the claim if added,
    and what it still lacks; then claims added for someone no longer in the household."""
    overview = station.visit("admin").claims_overview(case_id, lang)
    rows = [{"benefit": h.benefit, "subject": h.subject, "subject_name": h.subject_name,
             "title": h.title, "hint": h.level, "reason": h.reason, "addable": h.addable,
             "claim_id": h.claim_id, "state": h.claim_state,
             "missing": _missing_json(h.missing, lang)} for h in overview.hints]
    shown = {h.claim_id for h in overview.hints if h.claim_id}
    rows += [{"benefit": c.claim.benefit, "subject": c.claim.subject,
              "subject_name": c.subject_name, "title": c.title, "hint": None, "reason": "",
              "addable": False, "claim_id": c.claim.id, "state": c.claim.state,
              "missing": _missing_json(c.missing, lang)}
             for c in overview.claims if c.claim.id not in shown]
    return rows


def cmd_claims(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        rows = claim_overview(station, args.case_id, args.lang)
    finally:
        station.close()
    if args.json:
        emit_json({"case_id": args.case_id, "lang": args.lang, "claims": rows})
        return 0
    for r in rows:
        subject = f" für {r['subject_name']} ({r['subject']})" if r["subject"] else ""
        level = LEVEL_DE.get(r["hint"]) or (
            "vom Beratenden hinzugefügt" if r["claim_id"] else "kein Hinweis")
        say(f"{r['title']}{subject}: {level}")
        if r["reason"]:
            say(f"    {r['reason']}")
        if r["claim_id"]:
            say(f"    Antrag {r['claim_id']}: {state_label(r['state'])}")
        if r["hint"] != "not_applicable" or r["claim_id"]:
            for m in r["missing"]:
                kind = "Nachweis" if m["kind"] == "document" else "Angabe"
                say(f"    fehlt ({kind}): {m['label']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    target = checked_target(args.output) if args.output is not None else None
    station = Station.open(args.data_dir)
    try:
        doc = _case_document(station, args.case_id)
        for claim in doc["claims"]:
            claim["signature"] = station.store.claims.get_signature(claim["claim_id"])
            # Everything held means the documents too: the claim PDF and every Nachweis.
            pdf = station.store.documents.get(claim["claim_id"])
            claim["claim_pdf_base64"] = (base64.b64encode(pdf.pdf).decode("ascii")
                                         if pdf is not None else None)
            claim["attachments"] = [
                {"document_id": document_id, "mime": mime,
                 "data_base64": base64.b64encode(data).decode("ascii")}
                for document_id, mime, data in
                station.store.attachments.with_data(claim["claim_id"])]
        doc["audit"] = station.store.audit_events(args.case_id)
        doc["format"] = EXPORT_FORMAT
        doc["exported_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        doc["station_id"] = station.identity.station_id
        body = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if target is not None:
            write_export(target, body.encode("utf-8"))
        else:
            write_stdout(body)
        # Audited only once the export is out; a failed write raised above.
        try:
            with station.store.transaction() as tx:
                station.store.audit(tx, "case.exported", "admin", args.case_id)
        except BaseException:
            if target is not None:
                target.unlink(missing_ok=True)  # no export without its audit record
            raise
    finally:
        station.close()
    if target is not None:
        say(f"Export geschrieben: {target}")
    return 0
