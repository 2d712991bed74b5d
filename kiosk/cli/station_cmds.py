"""Station commands: provision, enrol, status, audit verify."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kiosk.app import DEMO_COUNSELLOR, DEMO_PIN, Station
from kiosk.cli.output import emit_json, fail, say
from kiosk.config import DEPLOYED_CONFIG
from kiosk.errors import InvalidInput
from kiosk.i18n import state_label
from kiosk.store.connection import damaged
from kiosk.sync.labels import outbox_label


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "provision",
        help="set up a new station in the data dir (key into the OS keyring, empty database)",
        description="Set up a new station: creates a random 256-bit database key in the OS "
        "keyring and an empty encrypted database. Refuses if the data dir already holds a "
        "station.",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help=f"demo station with counsellor {DEMO_COUNSELLOR!r} (PIN {DEMO_PIN}) and three "
        "sample families",
    )
    p.add_argument("--config", type=Path, metavar="FILE", nargs="?", const=DEPLOYED_CONFIG,
                   help="production station from IT's signed configuration (FILE + FILE.sig); "
                   "also asks for the FIT-Connect client secret and the first counsellor. "
                   "Without FILE: where the package installation put it "
                   "(/etc/fvo-kiosk/station-config.json; on Windows the MSI's STATIONCONFIG)")
    p.add_argument("--counsellor", metavar="NAME", help="with --config: the first counsellor")
    p.add_argument("--seal-p12", type=Path, metavar="FILE",
                   help="with --config: IT's seal certificate and key (PKCS#12), checked and "
                   "kept in the keyring; its password is asked (line 3 with --secret-stdin)")
    p.add_argument("--secret-stdin", action="store_true",
                   help="with --config: read the client secret (line 1) and the counsellor's "
                   "PIN (line 2) from standard input")
    p.set_defaults(func=cmd_provision)

    p = sub.add_parser(
        "enrol",
        help="enrol a counsellor with name and PIN (at least 6 digits)",
        description="Enrol a counsellor. The PIN is asked twice on the terminal, or read "
        "from the first line of standard input with --pin-stdin.",
    )
    p.add_argument("--name", required=True, help="the counsellor's display name")
    p.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    p.set_defaults(func=cmd_enrol)

    p = sub.add_parser(
        "status",
        help="counts of cases, claims and outbox entries by state (no personal data)",
        description="Show the station's state: schema version, counsellors, and counts of "
        "cases, claims and outbox entries by state. Contains no personal data. Runs the "
        "database integrity checks first: a damaged database is reported (exit code 6).",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("audit", help="audit trail commands", description="Audit trail commands.")
    audit_sub = p.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    v = audit_sub.add_parser(
        "verify",
        help="check the hash chain; names every changed, removed or reordered record",
        description="Check the audit trail's hash chain. Exit code 0 if intact, 1 if any "
        "record was changed, removed or reordered (each is named).",
    )
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.set_defaults(func=cmd_audit_verify)


def cmd_provision(args: argparse.Namespace) -> int:
    if args.config is not None or args.counsellor or args.secret_stdin or args.seal_p12:
        from kiosk.cli.config_cmds import provision_from_config

        return provision_from_config(args)
    station = Station.provision(args.data_dir, demo=args.demo, sample_cases=args.demo)
    try:
        say(f"Station eingerichtet: {station.identity.station_id}")
        say(f"Datenverzeichnis: {station.dir.path}")
        say("Der Datenbankschlüssel liegt im Schlüsselbund des Betriebssystems.")
        if args.demo:
            say(f"Demo-Station: Anmeldung als {DEMO_COUNSELLOR} mit PIN {DEMO_PIN}.")
    finally:
        station.close()
    return 0


def _read_pin(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().strip()
    no_terminal = InvalidInput(
        "no terminal to ask for the PIN; pass it on standard input with --pin-stdin",
        "Kein Terminal für die PIN-Eingabe. Bitte die PIN mit --pin-stdin über die "
        "Standardeingabe übergeben.",
    )
    if not sys.stdin.isatty():
        raise no_terminal
    try:
        first = getpass.getpass("PIN (mindestens 6 Ziffern): ")
        again = getpass.getpass("PIN wiederholen: ")
    except EOFError:
        raise no_terminal from None
    if again != first:
        raise InvalidInput("the two PINs differ", "Die beiden PIN-Eingaben stimmen nicht überein.")
    return first


def cmd_enrol(args: argparse.Namespace) -> int:
    pin = _read_pin(args.pin_stdin)
    station = Station.open(args.data_dir)
    try:
        c = station.auth.enrol(args.name, pin, actor="admin")
        say(f"Angelegt: {c.name} (Nr. {c.id})")
    finally:
        station.close()
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        s = station.store
        problems = s.integrity_problems()
        if problems:
            # Counting may still work around a damaged page; the admin must hear of it.
            raise damaged(station.dir.db_path, "integrity checks failed", problems)
        doc = {
            "station_id": station.identity.station_id,
            "demo": station.identity.demo,
            "schema_version": s.schema_version,
            "counsellors": s.counsellors.count(),
            "cases_by_state": s.cases.count_by_state(),
            "claims_by_state": s.claims.count_by_state(),
            "outbox_by_state": s.outbox.counts(),
            # Documents handed in after their claim left: ids and states only.
            "followups": s.outbox.followups.summary(),
        }
    finally:
        station.close()
    if args.json:
        emit_json(doc)
        return 0
    say(f"Station {doc['station_id']}" + (" (Demo)" if doc["demo"] else ""))
    say(f"Datenbankschema: Version {doc['schema_version']}")
    say(f"Beraterinnen und Berater: {doc['counsellors']}")
    for title, key in (
        ("Fälle", "cases_by_state"),
        ("Anträge", "claims_by_state"),
        ("Postausgang", "outbox_by_state"),
    ):
        counts = doc[key]
        assert isinstance(counts, dict)
        total = sum(counts.values())
        label = outbox_label if key == "outbox_by_state" else state_label
        detail = ", ".join(f"{label(k)}: {v}" for k, v in sorted(counts.items()))
        say(f"{title}: {total}" + (f" ({detail})" if detail else ""))
    followups = doc["followups"]
    assert isinstance(followups, list)
    for f in followups:
        say(f"Nachreichung {f['id']} zu {f['claim_id']}: {outbox_label(f['state'])}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        checked, problems = station.store.verify_audit()
    finally:
        station.close()
    if args.json:
        emit_json(
            {
                "records": checked,
                "intact": not problems,
                "problems": [{"seq": p.seq, "kind": p.kind, "detail": p.detail} for p in problems],
            }
        )
    elif problems:
        fail(f"Die Audit-Kette ist nicht intakt ({checked} Einträge geprüft):")
        for p in problems:
            print("  " + p.german(), file=sys.stderr)
    else:
        say(f"Audit-Kette intakt: {checked} Einträge geprüft.")
    return 1 if problems else 0
