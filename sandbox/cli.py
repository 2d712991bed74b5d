"""Command line of the sandbox: ``python -m sandbox`` and ``fvo-kiosk-admin sandbox``."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from sandbox.config import DEFAULT_PORT, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, OFFICES
from sandbox.faults import Faults

DEFAULT_DIR = Path("sandbox-data")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The sandbox's options (shared by both entry points)."""
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"loopback port (default {DEFAULT_PORT}; 0 = any free port)")
    p.add_argument("--dir", type=Path, default=DEFAULT_DIR,
                   help="keeps the demo CA (ca.pem), keys and clients.json "
                   f"(default ./{DEFAULT_DIR})")
    p.add_argument("--http", action="store_true",
                   help="plain HTTP instead of HTTPS, for throughput experiments only "
                   "(still loopback only)")
    p.add_argument("--no-validate", action="store_true",
                   help="skip the OpenAPI request validation (throughput experiments)")
    p.add_argument("--error-rate", type=float, default=0.0,
                   help="fraction of API requests answered 500/502/503 or left hanging")
    p.add_argument("--drop-rate", type=float, default=0.0,
                   help="fraction of connections closed without an answer (before or after "
                   "the request was processed)")
    p.add_argument("--rate-limit", type=float, default=0.0,
                   help="fraction of API requests answered 429 with Retry-After")
    p.add_argument("--retry-after", type=int, default=1, help="Retry-After seconds of a 429")
    p.add_argument("--latency-ms", type=float, default=0.0, help="added to every API request")
    p.add_argument("--hang-seconds", type=float, default=15.0,
                   help="how long an injected timeout hangs before the connection is closed")
    p.add_argument("--seed", type=int, default=None, help="seed of the fault draws")
    p.add_argument("--key-grace-seconds", type=float, default=86400.0,
                   help="how long a rotated-out encryption key still decrypts")
    p.add_argument("--rotate-every", type=float, default=0.0, metavar="SECONDS",
                   help="rotate every destination's encryption key this often (0 = never)")
    p.add_argument("-v", "--verbose", action="store_true", help="log requests to stderr")


def run(args: argparse.Namespace) -> int:
    """Start the sandbox in the foreground until Ctrl-C or SIGTERM."""
    from sandbox.server import build

    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    faults = Faults(error_rate=args.error_rate, drop_rate=args.drop_rate,
                    rate_limit_rate=args.rate_limit, retry_after=args.retry_after,
                    latency_ms=args.latency_ms, hang_seconds=args.hang_seconds, seed=args.seed)
    try:
        running = build(args.dir.resolve(), args.port, tls=not args.http, faults=faults,
                        validate=not args.no_validate,
                        key_grace_seconds=args.key_grace_seconds)
    except OSError as exc:
        print(f"Fehler: Die Sandbox konnte Port {args.port} nicht öffnen ({exc.strerror}).",
              file=sys.stderr)
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    rotating = threading.Event()
    if args.rotate_every > 0:
        def rotate_periodically() -> None:
            while not rotating.wait(args.rotate_every):
                running.app.rotate_all()

        threading.Thread(target=rotate_periodically, name="sandbox-rotation",
                         daemon=True).start()
    base = running.base_url
    print(f"FIT-Connect sandbox on {base}\n"
          f"  token URL      {base}/token   (client {DEMO_CLIENT_ID} / {DEMO_CLIENT_SECRET})\n"
          f"  Submission API {base}/v1\n"
          f"  Routing API    {base}/routing/v1\n"
          f"  CA certificate {running.ca_file}\n"
          f"  destinations   " + ", ".join(o.destination_id[-3:] + "=" + o.key
                                           for o in OFFICES), flush=True)
    try:
        running.server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        rotating.set()
        running.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox",
                                     description="A local FIT-Connect (token, Routing API, "
                                     "Submission API 1.1.3, demo offices) on loopback.")
    add_arguments(parser)
    return run(parser.parse_args(argv))
