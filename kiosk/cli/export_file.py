"""Where `case export -o` may write: a new or existing regular file in an existing folder —
never a device, FIFO, socket, directory or symbolic link (as root, `-o /dev/full` once
turned the device into a file holding the family's data)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kiosk.errors import InvalidInput, KioskError
from kiosk.fileio import write_atomic


class ExportFailed(KioskError):
    """The export file could not be written (disk full, I/O error); nothing was audited."""


def export_target(name: str) -> Path:
    """``name`` as the path of the export file, or ``InvalidInput`` (exit 2) saying why
    it cannot be one. Checked before anything is read from the store."""
    if name == "":
        raise InvalidInput("empty export file name",
                           "Kein Dateiname für den Export angegeben (-o DATEI).")
    if name.endswith(("/", os.sep)) or Path(name).name in ("", ".", ".."):
        raise _refuse(name, "is a directory", "ist ein Verzeichnis, keine Datei")
    path = Path(name)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        _check_folder(path)
        return path
    except OSError as exc:
        raise _refuse(name, f"cannot be checked ({exc.strerror})",
                      "lässt sich nicht prüfen") from None
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(name, "is a directory", "ist ein Verzeichnis, keine Datei")
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(name, "is a symbolic link",
                      "ist ein symbolischer Link; bitte den Pfad der Datei selbst angeben")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(name, "is not a regular file",
                      "ist keine gewöhnliche Datei (Gerät, FIFO oder Socket)")
    _check_folder(path)
    return path


def _check_folder(path: Path) -> None:
    folder = path.parent
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise InvalidInput("export folder missing",
                           f"Das Verzeichnis {folder} gibt es nicht.") from None
    except OSError as exc:
        raise InvalidInput(f"export folder unusable: {exc.strerror}",
                           f"Das Verzeichnis {folder} lässt sich nicht öffnen.") from None
    if not stat.S_ISDIR(info.st_mode):
        raise InvalidInput("export folder is not a directory",
                           f"{folder} ist kein Verzeichnis.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput("export folder not writable",
                           f"In das Verzeichnis {folder} darf nicht geschrieben werden.")


def _refuse(name: str, english: str, german: str) -> InvalidInput:
    return InvalidInput(f"export target {english}", f"{name} {german}.")


def write_export(path: Path, data: bytes) -> None:
    """Write ``data`` atomically with mode 0600 (a reader sees the old file or the whole
    new one); ``ExportFailed`` (exit 1) if the disk refuses."""
    try:
        write_atomic(path, data, mode=0o600)
    except OSError as exc:
        raise ExportFailed(f"export not written: {exc.strerror}",
                           f"Der Export wurde nicht geschrieben ({exc.strerror}).") from None
