"""Files the kiosk writes outside its database (exports, backups, claim PDFs, the family's
copies): only to a regular file in an existing folder — never a device, FIFO, socket,
directory or symbolic link (as root, `-o /dev/full` once turned the device into a file
holding a family's data) — and atomically: temp file in the same folder, fsync, replace,
fsync the folder, so a reader (or a crash) sees the old file or the whole new one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from kiosk.errors import InvalidInput


def write_atomic(path: Path, data: bytes, mode: int = 0o600, sync_dir: bool = True) -> None:
    """``sync_dir=False``: the rename is not made durable here (a caller that syncs the folder
    itself, or whose file may safely fall back to its previous version after a power cut)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if sync_dir:
        fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in *folder* durable (no-op where the OS has no dir fds)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def checked_target(name: str | os.PathLike[str]) -> Path:
    """``name`` as the path of a file to write, or ``InvalidInput`` (exit 2) saying in German
    why it cannot be one. Checked before anything personal is read or rendered."""
    text = os.fspath(name)
    if text == "":
        raise InvalidInput("empty output file name", "Kein Dateiname angegeben.")
    if text.endswith(("/", os.sep)) or Path(text).name in ("", ".", ".."):
        raise _refuse(text, "is a directory", "ist ein Verzeichnis, keine Datei")
    path = Path(text)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        _check_folder(path)
        return path
    except OSError as exc:
        raise _refuse(text, f"cannot be checked ({exc.strerror})",
                      "lässt sich nicht prüfen") from None
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(text, "is a directory", "ist ein Verzeichnis, keine Datei")
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(text, "is a symbolic link", "ist keine gewöhnliche Datei, sondern ein "
                      "symbolischer Link; bitte den Pfad der Datei selbst angeben")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(text, "is not a regular file",
                      "ist keine gewöhnliche Datei (Gerät, FIFO oder Socket)")
    _check_folder(path)
    return path


def _check_folder(path: Path) -> None:
    folder = path.parent
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise InvalidInput("output folder missing",
                           f"Das Verzeichnis {folder} gibt es nicht.") from None
    except OSError as exc:
        raise InvalidInput(f"output folder unusable: {exc.strerror}",
                           f"Das Verzeichnis {folder} lässt sich nicht öffnen.") from None
    if not stat.S_ISDIR(info.st_mode):
        raise InvalidInput("output folder is not a directory",
                           f"{folder} ist kein Verzeichnis.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput("output folder not writable",
                           f"In das Verzeichnis {folder} darf nicht geschrieben werden.")


def _refuse(name: str, english: str, german: str) -> InvalidInput:
    return InvalidInput(f"output target {english}; nothing was written",
                        f"{name} {german}. Es wurde nichts geschrieben.")
