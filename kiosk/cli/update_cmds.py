"""Update commands: `update check`, `update download [--install]` (verified with TUF
before anything reaches the OS installer)."""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from kiosk.cli.output import emit_json, say
from kiosk.config import load_config
from kiosk.errors import InvalidInput, KioskError
from kiosk.station_dir import StationDir, resolve_data_dir
from kiosk.update import UpdateClient, installer_command, packaged_root
from kiosk.update.client import checked_url


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("update", help="check for and download verified updates",
                       description="Updates from the TUF repository named in the signed "
                       "station configuration (updates.url), verified against the root "
                       "metadata inside the package.")
    upd = p.add_subparsers(dest="update_command", required=True, metavar="COMMAND")
    c = upd.add_parser("check", help="is a newer verified package offered?",
                       description="Fetch and verify the repository's metadata; say which "
                       "version is offered. Exit 0 (also when there is none newer), 1 if the "
                       "metadata fails verification.")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_check)
    d = upd.add_parser("download", help="download and verify the newer package",
                       description="Download the offered package into DIR after verifying "
                       "metadata and package; refuses a version not newer than the "
                       "installed one. Prints the installer command, or runs it with "
                       "--install (the OS installer checks the package signature again).")
    d.add_argument("--out", type=Path, required=True, metavar="DIR")
    d.add_argument("--install", action="store_true", help="run the OS installer afterwards")
    d.set_defaults(func=cmd_download)


def client_for(data_dir: str | None) -> UpdateClient:
    sdir = StationDir(resolve_data_dir(data_dir))
    sdir.read_identity()  # a station must exist here (its config names the repository)
    url = checked_url(load_config(sdir.path).updates_url)  # no repository: say that first
    return UpdateClient(sdir.path, url, packaged_root())


def cmd_check(args: argparse.Namespace) -> int:
    available = client_for(args.data_dir).check()
    if args.json:
        emit_json({"installed": available.installed, "offered": available.version,
                   "newer": available.newer, "target": available.target})
    elif available.newer:
        say(f"Update verfügbar: Version {available.version} (installiert "
            f"{available.installed}, {available.length} Bytes). "
            "Herunterladen mit 'fvo-kiosk-admin update download --out DIR'.")
    else:
        say(f"Kein neueres Update: angeboten {available.version}, installiert "
            f"{available.installed}.")
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    out: Path = args.out
    if not out.is_dir():
        raise InvalidInput(f"{out} is not a directory",
                           f"„{out}“ ist kein vorhandenes Verzeichnis.")
    package = client_for(args.data_dir).download(out)
    command = installer_command(package)
    say(f"Paket geprüft und gespeichert: {package}")
    if not args.install:
        say("Installieren mit: " + " ".join(command))
        return 0
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        raise KioskError(f"installer exited with {result.returncode}",
                         f"Der Installer des Betriebssystems hat abgebrochen "
                         f"(Code {result.returncode}).")
    say("Update installiert. Bitte den Kiosk neu starten.")
    return 0
