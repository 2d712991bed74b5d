"""Sending commands: sync (send what is queued, read receipts), sync credentials, sync retry,
purge (retention)."""

from __future__ import annotations

import argparse
import sys

from kiosk.app import Station
from kiosk.cli.output import emit_json, say
from kiosk.errors import InvalidInput
from kiosk.sync.labels import outbox_label


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sync",
        help="send the queued claims to their offices (FIT-Connect) and read receipts",
        description="Send every queued claim to its office over FIT-Connect and read the "
        "offices' receipts; reports per claim (ids and states, no personal data). Exit code "
        "1 if the service could not be reached or sending is not set up.",
    )
    p.add_argument("--once", action="store_true",
                   help="one pass only (default: until nothing is left or --max-seconds)")
    p.add_argument("--max-seconds", type=float, default=120.0, metavar="S",
                   help="stop after this long (default 120)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_sync)
    sync_sub = p.add_subparsers(dest="sync_command", metavar="COMMAND")
    c = sync_sub.add_parser(
        "credentials", help="store the FIT-Connect client secret in the OS keyring",
        description="Store the station's FIT-Connect client secret in the OS keyring (read "
        "from the first line of standard input). It is never written to a file.")
    c.add_argument("--secret-stdin", action="store_true", required=True,
                   help="read the secret from standard input")
    c.set_defaults(func=cmd_credentials)
    r = sync_sub.add_parser(
        "retry", help="send a claim that needed attention again, from where it stopped",
        description="After the cause was fixed: the claim is tried again from its last step "
        "(a claim already at the office is only asked about, never sent twice).")
    r.add_argument("claim_id")
    r.set_defaults(func=cmd_retry)
    d = sync_sub.add_parser(
        "discard", help="stop a follow-up that needs attention (documents handed in on paper)",
        description="A follow-up (documents sent after their claim) that needs attention and "
        "will not be sent: it stops waiting, is audited, and its claim's retention runs.")
    d.add_argument("followup_id")
    d.set_defaults(func=cmd_discard)

    p = sub.add_parser(
        "purge",
        help="delete the personal data of claims accepted longer ago than retention_days",
        description="Retention: delete household, answers, signature strokes and documents "
        "of claims the office accepted more than retention_days (station configuration) ago. "
        "Non-personal status stays; every deletion is audited.",
    )
    p.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_purge)


def cmd_sync(args: argparse.Namespace) -> int:
    from kiosk.sync.runner import run_pass

    station = Station.open(args.data_dir)
    try:
        # Under the station's sending lock: a pass of the kiosk (or a timer) running now
        # means this one returns at once, and no claim is sent by two passes.
        result = run_pass(station, until_idle=not args.once, max_seconds=args.max_seconds)
        counts = station.store.outbox.counts()
        followup_counts = station.store.outbox.followups.counts()
    finally:
        station.close()
    if result.busy or result.report is None:
        if args.json:
            emit_json({"busy": result.busy, "problem": result.problem,
                       "outbox_by_state": counts})
        else:
            say(result.message or "")
        return 0 if result.busy else 1
    report = result.report
    ok = report.problem is None and report.online is not False
    if args.json:
        doc = report.as_dict()
        doc["outbox_by_state"] = counts
        doc["followups_by_state"] = followup_counts
        emit_json(doc)
        return 0 if ok else 1
    if report.online is False:
        say("Versanddienst nicht erreichbar – die Anträge bleiben in der Warteschlange.")
    if report.problem:
        say(f"Hinweis: {report.problem}")
    for c in report.claims:
        say(f"{c.claim_id}  {outbox_label(c.state)}" + (f" – {c.detail}" if c.detail else ""))
    for f in report.followups:
        say(f"{f.id}  Nachreichung zu {f.claim_id}  {outbox_label(f.state)}"
            + (f" – {f.detail}" if f.detail else ""))
    if report.unverified_tokens:
        say(f"{report.unverified_tokens} Bestätigung(en) mit ungültiger Signatur ignoriert.")
    if not report.claims and not report.followups:
        say("Nichts zu senden.")
    return 0 if ok else 1


def cmd_credentials(args: argparse.Namespace) -> int:
    from kiosk.keys.service_credentials import ServiceCredentials

    secret = sys.stdin.readline().strip()
    if not secret:
        raise InvalidInput("no secret on standard input",
                           "Kein Zugangsgeheimnis auf der Standardeingabe.")
    station = Station.open(args.data_dir)
    try:
        ServiceCredentials(station.identity.station_id).set_client_secret(secret)
    finally:
        station.close()
    say("Zugangsgeheimnis im Schlüsselbund gespeichert.")
    return 0


def cmd_retry(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        state = station.store.outbox.send_again_item(args.claim_id, "admin")
    finally:
        station.close()
    say(f"{args.claim_id}  {outbox_label(state)}")
    return 0


def cmd_discard(args: argparse.Namespace) -> int:
    station = Station.open(args.data_dir)
    try:
        station.store.outbox.followups.discard(args.followup_id, "admin")
    finally:
        station.close()
    say(f"{args.followup_id}  {outbox_label('cancelled')} (verworfen)")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from kiosk.sync.retention import purge

    station = Station.open(args.data_dir)
    try:
        days = station.config.retention_days
        items = purge(station.store, days, dry_run=args.dry_run)
    finally:
        station.close()
    if args.json:
        emit_json({"dry_run": args.dry_run, "retention_days": days,
                   "claims": [i.__dict__ for i in items]})
        return 0
    verb = "würden gelöscht" if args.dry_run else "gelöscht"
    say(f"Aufbewahrungsfrist {days} Tage: personenbezogene Daten von {len(items)} "
        f"bestätigten Anträgen {verb}.")
    for i in items:
        say(f"{i.claim_id}  bestätigt {i.accepted_at[:10]}"
            + (" (Haushalt gelöscht)" if i.household_deleted else ""))
    return 0
