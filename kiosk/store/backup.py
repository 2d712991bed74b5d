"""A consistent encrypted copy of the station database, taken while the kiosk keeps running.

The copy is made by SQLCipher's ``sqlcipher_export`` inside one read transaction (so it is
the database as of one moment, WAL included), encrypted with the station's own key, into a
temp file beside the target; fsync, rename, fsync the folder. The target must be a regular
file path in an existing folder (never a device, FIFO, directory or symlink); mode 0600.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from kiosk.errors import InvalidInput
from kiosk.fileio import fsync_dir
from kiosk.store.database import Store


def _refuse(out: Path, why_en: str, why_de: str) -> InvalidInput:
    return InvalidInput(
        f"backup target {out} refused: {why_en}; nothing was written",
        f"Die Sicherung kann nicht nach {out} geschrieben werden: {why_de}. "
        "Es wurde nichts geschrieben.",
    )


def check_target(out: Path) -> Path:
    """The target as an absolute path, or InvalidInput (exit 2) naming why not."""
    out = Path(out).expanduser().absolute()
    parent = out.parent
    if not parent.is_dir():
        raise _refuse(out, "the folder does not exist", f"der Ordner {parent} existiert nicht")
    try:
        st = out.lstat()
    except FileNotFoundError:
        return out
    except OSError as exc:
        raise _refuse(out, exc.strerror or "unreadable", "die Datei ist nicht zugänglich") from exc
    if stat.S_ISDIR(st.st_mode):
        raise _refuse(out, "it is a directory", "das Ziel ist ein Verzeichnis")
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(
            out,
            "not a regular file (device, FIFO, socket or symlink)",
            "das Ziel ist keine gewöhnliche Datei (Gerät, FIFO oder Verknüpfung)",
        )
    return out


def write_backup(store: Store, key: bytes, out: Path) -> Path:
    """Write the backup atomically to *out* (replacing an older backup file there)."""
    out = check_target(out)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o600)
        os.close(fd)
        store.backup_into(tmp, key)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        check_target(out)  # still not turned into a directory or device meanwhile
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(out.parent)
    return out
