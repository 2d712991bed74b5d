"""Entry point of ``fvo-kiosk-admin``.

Exit codes: 0 success; 1 the operation failed; 2 invalid usage or input (nothing was
changed); 3-8 why a station could not be opened (see EPILOG).
"""

from __future__ import annotations

import argparse
import logging
import sys

from kiosk import __version__
from kiosk.cli import (
    attachment_cmds,
    case_cmds,
    check_cmds,
    config_cmds,
    document_cmds,
    sandbox_cmds,
    station_cmds,
    sync_cmds,
    update_cmds,
)
from kiosk.cli.output import fail
from kiosk.errors import KioskError
from kiosk.store.connection import DatabaseError, database_error

EPILOG = """exit codes:
  0  success
  1  the operation failed (no station, station exists already, audit chain broken, ...)
  2  invalid usage or invalid input; nothing was changed
  3  no OS keyring service (Secret Service, Keychain, Credential Manager)
  4  the station's database key is missing from the keyring
  5  the key in the keyring does not open the database (wrong key)
  6  the database (or station.json) is damaged: restore database and key from the backup
  7  a station file or the data dir cannot be read or written (permissions, read-only)
  8  the database's WAL file is missing after an unclean stop
For 3-8 nothing was changed; see 'fvo-kiosk-admin check --help' for recovery.

The data directory is --data-dir, else $FVO_KIOSK_DATA_DIR, else the platform's user data dir.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fvo-kiosk-admin",
        description="FVO Kiosk administration: provision a station, enrol counsellors, "
        "inspect state and audit trail, import and export cases.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data-dir", metavar="DIR", help="station data directory")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to standard error")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    station_cmds.register(sub)
    check_cmds.register(sub)
    case_cmds.register(sub)
    document_cmds.register(sub)
    attachment_cmds.register(sub)
    config_cmds.register(sub)
    update_cmds.register(sub)
    sandbox_cmds.register(sub)
    sync_cmds.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        try:
            return int(args.func(args))
        except DatabaseError as exc:  # a read or write met a damaged page, say so
            raise database_error(exc) from exc
    except KioskError as exc:
        logging.getLogger("kiosk.cli").info("%s failed: %s", args.command, exc)
        fail(exc.user_message)
        return exc.exit_code
    except KeyboardInterrupt:
        fail("Abgebrochen.")
        return 1


if __name__ == "__main__":
    sys.exit(main())
