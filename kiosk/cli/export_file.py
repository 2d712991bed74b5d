"""Writing `case export`: to the target ``kiosk.fileio.checked_target`` allowed (a regular
file in an existing folder), or to standard output; a failed write is never audited."""

from __future__ import annotations

from pathlib import Path

from kiosk.errors import KioskError
from kiosk.fileio import write_atomic


class ExportFailed(KioskError):
    """The export file could not be written (disk full, I/O error); nothing was audited."""


def write_export(path: Path, data: bytes) -> None:
    """Write ``data`` atomically with mode 0600 (a reader sees the old file or the whole
    new one); ``ExportFailed`` (exit 1) if the disk refuses."""
    try:
        write_atomic(path, data, mode=0o600)
    except OSError as exc:
        raise ExportFailed(f"export not written: {exc.strerror}",
                           f"Der Export wurde nicht geschrieben ({exc.strerror}).") from None
