"""How the admin CLI prints: German sentences for people, stable JSON for scripts."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from kiosk.errors import KioskError


class OutputFailed(KioskError):
    """Standard output refused the text (disk full, closed pipe); exit 1."""


def emit_json(doc: Any) -> None:
    write_stdout(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def say(text: str) -> None:
    print(text)


def fail(text: str) -> None:
    print(f"Fehler: {text}", file=sys.stderr)


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output and flush it; ``OutputFailed`` if that fails (e.g.
    ``> /dev/full`` or a closed pipe), so that the caller does not report success."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        _drop_stdout()
        raise OutputFailed(f"standard output failed: {exc.strerror}",
                           "Die Ausgabe ließ sich nicht schreiben "
                           f"({exc.strerror or 'Ausgabe geschlossen'}).") from None


def _drop_stdout() -> None:
    """Point fd 1 at /dev/null: the interpreter's final flush of the unwritten buffer
    would otherwise fail once more and turn the exit code into 120."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a test's capture)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
