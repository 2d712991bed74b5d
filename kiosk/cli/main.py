"""Entry point of ``fvo-kiosk-admin``.

Exit codes: 0 success; 1 the operation failed (no keyring, key missing, store locked, audit
chain broken, …); 2 invalid usage or invalid input (nothing was changed).
"""

from __future__ import annotations

import argparse
import logging
import sys

from kiosk import __version__
from kiosk.cli import case_cmds, document_cmds, station_cmds
from kiosk.cli.output import fail
from kiosk.errors import KioskError

EPILOG = """exit codes:
  0  success
  1  the operation failed (no keyring, key missing, store locked, audit chain broken, ...)
  2  invalid usage or invalid input; nothing was changed

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
    case_cmds.register(sub)
    document_cmds.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except KioskError as exc:
        logging.getLogger("kiosk.cli").info("%s failed: %s", args.command, exc)
        fail(exc.user_message)
        return exc.exit_code
    except KeyboardInterrupt:
        fail("Abgebrochen.")
        return 1


if __name__ == "__main__":
    sys.exit(main())
