"""``fvo-kiosk-admin sandbox``: start the local FIT-Connect sandbox (a separate package)."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_PORT = 8460  # the sandbox's fixed default (sandbox.config.DEFAULT_PORT)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sandbox",
        help="run a local FIT-Connect sandbox on loopback (demo offices, fault injection)",
        description="Run a local FIT-Connect environment on 127.0.0.1: token endpoint, "
        "Routing API, Submission API 1.1.3 and demo offices that decrypt, check and accept "
        "or reject what arrives. Its demo CA certificate is written to DIR/ca.pem. Further "
        "sandbox options (faults, --no-validate, ...) follow after '--'; "
        "'fvo-kiosk-admin sandbox -- --help' lists them.",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"loopback port (default {DEFAULT_PORT})")
    p.add_argument("--dir", type=Path, default=Path("sandbox-data"),
                   help="where the sandbox keeps its demo CA, keys and clients")
    p.add_argument("--http", action="store_true",
                   help="plain HTTP on loopback (throughput experiments only)")
    p.add_argument("sandbox_options", nargs=argparse.REMAINDER,
                   help="options passed on to the sandbox, after '--'")
    p.set_defaults(func=cmd_sandbox)


def cmd_sandbox(args: argparse.Namespace) -> int:
    try:
        from sandbox.cli import main  # imported here only: the kiosk never loads the sandbox
    except ImportError:
        from kiosk.cli.output import fail

        fail("Das Paket „sandbox“ ist nicht installiert.")
        return 1
    rest = [a for a in args.sandbox_options if a != "--"]
    argv = ["--port", str(args.port), "--dir", str(args.dir)]
    return main(argv + (["--http"] if args.http else []) + rest)
