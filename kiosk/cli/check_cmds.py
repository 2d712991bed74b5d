"""Health commands: ``check`` (database and audit integrity) and ``backup --out FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.app import Station
from kiosk.cli.output import emit_json, fail, say
from kiosk.errors import StoreDamaged
from kiosk.keys import KeyStore
from kiosk.store.backup import check_target, write_backup

RECOVERY = """recovery (exit code 6, 8, or a damaged backup source):
  1. stop the kiosk on this station
  2. move kiosk.db, kiosk.db-wal, kiosk.db-shm and kiosk.db-open.* aside (keep them)
  3. copy the newest backup file to <data dir>/kiosk.db (mode 0600); keep station.json
  4. make sure the station's key is in the keyring (restore it from the key backup:
     service fvo-kiosk, user station:<station id>:database-key)
  5. run 'fvo-kiosk-admin check' - exit code 0 means database and audit trail are intact
Cases saved after the backup was taken are not in it.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="check database integrity and the audit chain; exit 0 only if all is well",
        description="Check the station: opens it (naming why not), runs PRAGMA "
        "integrity_check and cipher_integrity_check over every page, and verifies the audit "
        "trail's hash chain. Exit 0 only if all is well; 6 if the database is damaged; 1 if "
        "the audit chain is broken.",
        epilog=RECOVERY,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "backup",
        help="write a consistent encrypted copy of the database (the kiosk may keep running)",
        description="Write a consistent copy of the station database, encrypted with the "
        "station's own key, to FILE (atomically, mode 0600). Safe while the kiosk is in use: "
        "the copy holds every change saved before the backup began. Back up the key "
        "separately (it stays in the OS keyring).",
        epilog=RECOVERY,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    p.set_defaults(func=cmd_backup)


def cmd_check(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        problems = station.store.integrity_problems()
        try:
            checked, audit_problems = station.store.verify_audit()
            audit = [p.german() for p in audit_problems]
        except StoreDamaged as exc:
            checked, audit = 0, [exc.user_message]
    finally:
        station.close()
    code = 6 if problems else (1 if audit else 0)
    if args.json:
        emit_json(
            {
                "database_intact": not problems,
                "database_problems": problems,
                "audit_records": checked,
                "audit_intact": not audit,
                "exit_code": code,
            }
        )
        return code
    if problems:
        fail(f"Die Datenbank ist beschädigt ({len(problems)} Befund(e)):")
        for text in problems[:20]:
            print("  " + text, file=sys.stderr)
        print(
            "Bitte Datenbank und Schlüssel aus der Sicherung wiederherstellen "
            "(siehe 'fvo-kiosk-admin check --help').",
            file=sys.stderr,
        )
    else:
        say("Datenbank intakt (integrity_check und cipher_integrity_check).")
    if audit:
        fail(f"Die Audit-Kette ist nicht intakt ({checked} Einträge geprüft):")
        for text in audit:
            print("  " + text, file=sys.stderr)
    else:
        say(f"Audit-Kette intakt: {checked} Einträge geprüft.")
    return code


def cmd_backup(args: argparse.Namespace) -> int:
    out = check_target(Path(args.out))  # refuse a bad target before opening anything
    station = Station.open(args.data_dir)
    try:
        key = KeyStore(station.identity.station_id).database_key()
        write_backup(station.store, key, out)
    finally:
        station.close()
    say(f"Sicherung geschrieben: {out}")
    say(
        "Sie ist mit dem Schlüssel der Station verschlüsselt; sichern Sie den Schlüssel "
        "getrennt davon (Schlüsselbund)."
    )
    return 0
