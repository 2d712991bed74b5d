"""Detecting a write-ahead log that went missing after an unclean stop.

SQLite deletes ``kiosk.db-wal`` and ``kiosk.db-shm`` when the last connection closes
cleanly. After a crash or power cut both stay, and the next open replays the WAL into the
database. If the WAL is gone by then (deleted, or only ``kiosk.db`` was copied), the changes
it held are silently missing — SQLite opens the older state without a word. Two signs catch
that *before* the database is opened, so nothing is changed:

* The SHM (the WAL index; SQLCipher never encrypts it) is there without the WAL, and its
  header says the WAL held frames that were not yet copied into the database
  (``mxFrame`` > ``nBackfill``).
* An *open marker* nobody holds: every process that opens the store creates
  ``kiosk.db-open.<pid>.<random>`` once its connection is up, holds an ``flock`` on it while
  open and removes it before a clean close. A marker without a lock belongs to a process
  that stopped uncleanly; if the WAL is absent as well, its WAL was lost. A process that
  closes cleanly while such a marker lies there removes it: its own open connection has
  replayed that WAL, and its final checkpoint carries those changes into the database.

On platforms without ``fcntl`` (Windows) only the SHM sign is used.
"""

from __future__ import annotations

import logging
import os
import secrets
import struct
from pathlib import Path

from kiosk.errors import WalMissing

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

MARKER_INFIX = "-open."
_WAL_MISSING_DE = (
    "Die Station wurde nicht sauber beendet, und die Protokolldatei der Datenbank "
    "(kiosk.db-wal) fehlt seitdem. Die zuletzt gespeicherten Änderungen wären verloren. "
    "Bitte die Datei kiosk.db-wal wiederherstellen oder Datenbank und Schlüssel aus der "
    "Sicherung zurückspielen (IT-Betreuung). Die Dateien wurden nicht verändert."
)


def _wal(db: Path) -> Path:
    return db.with_name(db.name + "-wal")


def _shm(db: Path) -> Path:
    return db.with_name(db.name + "-shm")


def markers(db: Path) -> list[Path]:
    prefix = db.name + MARKER_INFIX
    try:
        return sorted(p for p in db.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []


def _unsaved_frames_in_shm(shm: Path) -> int:
    """Frames the WAL index says were committed but not yet copied into the database."""
    try:
        with open(shm, "rb") as fh:
            head = fh.read(104)
    except OSError:
        return 0
    if len(head) < 104:
        return 0
    # WalIndexHdr (native byte order): iVersion, unused, iChange, isInit, bigEndCksum,
    # szPage, mxFrame ...; two copies of 48 bytes, then WalCkptInfo starting with nBackfill.
    is_init = head[12]
    (mx_frame,) = struct.unpack_from("=I", head, 16)
    (backfilled,) = struct.unpack_from("=I", head, 96)
    return max(0, mx_frame - backfilled) if is_init else 0


def _is_stale(marker: Path) -> bool:
    """True if no live process holds the marker's lock."""
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(marker, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    else:
        return True
    finally:
        os.close(fd)  # closing drops the probe lock


def stale_markers(db: Path) -> list[Path]:
    return [m for m in markers(db) if _is_stale(m)]


def check_wal_present(db: Path) -> None:
    """Raise WalMissing if the last unclean stop left changes in a WAL that is now gone."""
    if _wal(db).exists():
        return
    lost = _unsaved_frames_in_shm(_shm(db))
    stale = stale_markers(db)
    if lost or stale:
        raise WalMissing(
            f"{_wal(db).name} is missing after an unclean stop "
            f"({lost} WAL frames not in the database per the SHM, {len(stale)} stale open "
            "markers); restore the WAL file or the backup — nothing was changed. To accept "
            "the loss instead, remove the stale marker files and the -shm file",
            _WAL_MISSING_DE,
        )


def clear_stale(db: Path) -> None:
    """Remove the markers of dead processes whose WAL an open connection has taken over."""
    for m in stale_markers(db):
        try:
            m.unlink()
            log.info("removed the open marker of a process that stopped uncleanly")
        except OSError:
            pass


class OpenMarker:
    """This process's open marker: created locked, released before a clean close."""

    def __init__(self, db: Path) -> None:
        self.path: Path | None = None
        self._fd: int | None = None
        if fcntl is None:  # pragma: no cover - Windows
            return
        name = f"{db.name}{MARKER_INFIX}{os.getpid()}.{secrets.token_hex(4)}"
        tmp = db.with_name("." + name)
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            log.warning("cannot create the open marker: %s", exc.strerror)
            return
        # Locked before it gets its visible name, so nobody ever sees it unlocked.
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.replace(tmp, db.with_name(name))
        self.path, self._fd = db.with_name(name), fd

    def release(self, db: Path) -> None:
        """Before a clean close: drop this marker and those of dead processes."""
        clear_stale(db)
        if self.path is not None:
            try:
                self.path.unlink()
            except OSError:
                pass
        if self._fd is not None:
            os.close(self._fd)
        self.path, self._fd = None, None
