"""Supporting documents on the command line: `case attach CLAIM_ID DOCUMENT_ID FILE` and
`case attachments CLAIM_ID [--json]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.app import Station
from kiosk.cli.output import emit_json, say

ACTOR = "admin"


def _case_subcommands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The sub-commands of `case` (registered by kiosk.cli.case_cmds)."""
    for action in sub.choices["case"]._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the `case` command has no sub-commands")  # a programming error


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    case = _case_subcommands(sub)
    c = case.add_parser(
        "attach",
        help="attach a supporting document (PDF, JPEG, PNG) to a claim",
        description="Attach a scan or photo to a claim for one of the documents its form "
        "asks for (DOCUMENT_ID as `case claims` lists it, e.g. id_card or "
        "school_certificate[c2]). The file's content decides its type; executables, PDFs "
        "with scripts or embedded files and files over 20 MB are refused. Images are turned "
        "upright, downscaled to A4 at 300 dpi and stored without EXIF (no GPS). The file is "
        "kept encrypted in the station's database; the original is left where it is.",
    )
    c.add_argument("claim_id")
    c.add_argument("document_id")
    c.add_argument("file", type=Path)
    c.set_defaults(func=cmd_attach)

    c = case.add_parser("attachments", help="list a claim's supporting documents",
                        description="The supporting documents attached to a claim.")
    c.add_argument("claim_id")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(func=cmd_attachments)


def cmd_attach(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        attached = station.visit(ACTOR).attach_file(args.claim_id, args.document_id, args.file)
    finally:
        station.close()
    note = " (verkleinert)" if attached.downscaled else ""
    say(f"Nachweis angehängt: {attached.label} – {attached.mime}, "
        f"{attached.size // 1024} KB{note} (Nachweis-ID {attached.id}).")
    if attached.notice:
        say(attached.notice)
    return 0


def cmd_attachments(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        found = station.visit(ACTOR).attachments(args.claim_id)
    finally:
        station.close()
    if args.json:
        emit_json({"claim_id": args.claim_id, "attachments": [
            {"id": a.id, "document_id": a.document_id, "label": a.label, "mime": a.mime,
             "size": a.size, "created_at": a.created_at} for a in found]})
        return 0
    if not found:
        say("Keine Nachweise angehängt.")
    for a in found:
        say(f"{a.label} ({a.document_id}): {a.mime}, {a.size // 1024} KB, {a.created_at} "
            f"– ID {a.id}")
    return 0
