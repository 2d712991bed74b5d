"""Opening the SQLCipher database with a raw 256-bit key.

The raw key (``x'…'``) skips SQLCipher's passphrase KDF, so opening costs well under a
millisecond instead of ~140 ms. A missing file is never created by ``open``; a wrong key is
detected before anything is written, so the file stays byte-identical.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3

from kiosk.errors import KioskError, StorageFailed, StorageFull, StoreCorrupt, StoreLocked

log = logging.getLogger(__name__)

# The exceptions of both drivers: the benchmark runs the same store code on plain SQLite.
DatabaseError: tuple[type[Exception], ...] = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)
IntegrityError: tuple[type[Exception], ...] = (sqlcipher3.IntegrityError, sqlite3.IntegrityError)
OperationalError: tuple[type[Exception], ...] = (
    sqlcipher3.OperationalError,
    sqlite3.OperationalError,
)


def storage_error(exc: Exception) -> KioskError:
    """Turn a driver's operational error into a message a counsellor understands."""
    text = str(exc).lower()
    if "full" in text:
        return StorageFull(
            f"database write failed: {exc}",
            "Der Speicher der Station ist voll. Die letzte Änderung wurde nicht gespeichert, "
            "alles Frühere ist sicher. Bitte die IT-Betreuung verständigen.",
        )
    return StorageFailed(
        f"database write failed: {exc}",
        "Die Änderung konnte nicht gespeichert werden (Datenbankfehler). Alles Frühere ist "
        "sicher. Bitte erneut versuchen oder die IT-Betreuung verständigen.",
    )


_LOCKED_DE = (
    "Die Datenbank dieser Station lässt sich mit dem Schlüssel aus dem Schlüsselbund nicht "
    "öffnen. Vermutlich gehört der Schlüssel zu einer anderen Station oder wurde ersetzt. "
    "Bitte den richtigen Schlüssel aus der Schlüsselsicherung wiederherstellen (IT-Betreuung). "
    "Die Datenbank wurde nicht verändert."
)


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path))}?mode={mode}"


def apply_pragmas(conn: Any) -> None:
    """Settings shared by the encrypted store and the plain-SQLite benchmark twin."""
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: every commit of case data is on the disk when save() returns.
    conn.execute("PRAGMA synchronous = FULL")
    # Sorts and temporary tables stay in memory: no temp files with data on the disk.
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA busy_timeout = 5000")


def open_encrypted(path: Path, key: bytes, *, create: bool = False) -> Any:
    """Open (or with ``create=True`` create) the station database with its raw key."""
    if len(key) != 32:
        raise ValueError("database key must be 32 bytes")
    path = Path(path)
    if create:
        # Created empty and private first: SQLite gives the WAL and SHM files the same mode.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    if not create and not path.exists():
        raise StoreCorrupt(
            f"database file {path} does not exist",
            "Die Datenbankdatei der Station fehlt. Bitte aus der Sicherung wiederherstellen.",
        )
    conn = sqlcipher3.connect(
        _uri(path, "rwc" if create else "rw"),
        uri=True,
        isolation_level=None,  # we issue BEGIN/COMMIT ourselves
        check_same_thread=False,  # the Store serialises access with a lock
    )
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # Reading the schema is the first real page read: a wrong key fails here,
        # before journal_mode or anything else could write to the file.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise StoreLocked(
            f"cannot decrypt {path} with the key from the keyring ({exc}); "
            "restore the right key from the key backup — the file was left untouched",
            _LOCKED_DE,
        ) from exc
    apply_pragmas(conn)
    return conn
