"""Opening the SQLCipher database with a raw 256-bit key, and naming why it would not open.

The raw key (``x'…'``) skips SQLCipher's passphrase KDF, so opening costs well under a
millisecond instead of ~140 ms. A missing, empty or unreadable file is never created or
re-initialised by ``open``; every failure is classified (key wrong, database damaged, file
unreadable) before anything is written, so the files stay byte-identical.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3

from kiosk.errors import (
    KioskError,
    StorageFailed,
    StorageFull,
    StoreDamaged,
    StoreLocked,
    StoreUnreadable,
)

log = logging.getLogger(__name__)

# The exceptions of both drivers: the benchmark runs the same store code on plain SQLite.
DatabaseError: tuple[type[Exception], ...] = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)
IntegrityError: tuple[type[Exception], ...] = (sqlcipher3.IntegrityError, sqlite3.IntegrityError)
OperationalError: tuple[type[Exception], ...] = (
    sqlcipher3.OperationalError,
    sqlite3.OperationalError,
)

_DAMAGED_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT"}
_UNREADABLE_CODES = {"SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH"}
_KEY_CHECK_LABEL = b"fvo-kiosk database key check v1"
_PAGE1_DE = "die erste Seite der Datei ist verfälscht (der Schlüssel ist richtig)"

RESTORE_DE = (
    "Bitte Datenbank und Schlüssel aus der Sicherung wiederherstellen (IT-Betreuung, "
    "siehe 'fvo-kiosk-admin check --help'). Die Dateien wurden nicht verändert."
)


def key_check(key: bytes) -> str:
    """A non-secret fingerprint of the key (HMAC of a fixed label), kept in station.json: it
    tells "wrong key" from "damaged first page", which SQLCipher reports alike."""
    return hmac.new(key, _KEY_CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def _code(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def damaged(
    path: Path, what: str, findings: list[str] | None = None, what_de: str = ""
) -> StoreDamaged:
    """The "database damaged" error, with what the integrity checks found (no data)."""
    shown = "; ".join((findings or [])[:5])
    more = f" (+{len(findings) - 5} more)" if findings and len(findings) > 5 else ""
    return StoreDamaged(
        f"database {path} is damaged: {what}"
        + (f"; checks report: {shown}{more}" if shown else "")
        + "; restore database and key from the backup — the files were left untouched",
        "Die Datenbank der Station ist beschädigt"
        + (f": {what_de}" if what_de else "")
        + (f" ({len(findings)} Befund(e) der Integritätsprüfung)" if findings else "")
        + ". "
        + RESTORE_DE,
    )


def unreadable(path: Path, what: str) -> StoreUnreadable:
    return StoreUnreadable(
        f"{path} cannot be read or written: {what}; fix the permissions or the file system "
        "(the data dir must be writable by the kiosk's account) — nothing was changed",
        f"Auf die Daten der Station ({path}) kann nicht zugegriffen werden: keine Lese- oder "
        "Schreibrechte, oder das Dateisystem ist schreibgeschützt. Bitte die Rechte prüfen "
        "lassen (IT-Betreuung). Die Daten wurden nicht verändert.",
    )


def database_error(exc: Exception, path: Path | str = "the database") -> KioskError:
    """Turn any driver error while reading or writing into the error a person understands."""
    code = _code(exc)
    if code in _DAMAGED_CODES:
        return damaged(Path(path), str(exc))
    if code in _UNREADABLE_CODES:
        return unreadable(Path(path), str(exc))
    return storage_error(exc)


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


def wrong_key(path: Path, why: str) -> StoreLocked:
    return StoreLocked(
        f"cannot decrypt {path} with the key from the keyring ({why}); "
        "restore the right key from the key backup — the file was left untouched",
        _LOCKED_DE,
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


def check_file(path: Path) -> None:
    """Before opening: the file is there, a regular file, not empty, readable and writable."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise StoreDamaged(
            f"database file {path} does not exist; restore it from the backup",
            "Die Datenbankdatei der Station fehlt. " + RESTORE_DE,
        ) from None
    except OSError as exc:
        raise unreadable(path, exc.strerror or type(exc).__name__) from exc
    if not stat.S_ISREG(st.st_mode):
        raise unreadable(path, "not a regular file")
    if st.st_size == 0:
        raise damaged(
            path,
            "the file is empty (0 bytes); it is never re-initialised",
            what_de="die Datei ist leer (0 Byte) und wird nicht neu angelegt",
        )
    for target, mode, what in (
        (path, os.R_OK | os.W_OK, "database file not readable and writable"),
        (path.parent, os.W_OK | os.X_OK, "data dir not writable (the WAL lives there)"),
    ):
        if not os.access(target, mode):
            raise unreadable(target, what)


def _cipher_findings(conn: Any) -> list[str]:
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except DatabaseError as exc:
        return [f"cipher_integrity_check failed: {exc}"]


def _first_read_failed(
    conn: Any, path: Path, exc: Exception, check: str | None, key: bytes
) -> KioskError:
    code = _code(exc)
    if code in _UNREADABLE_CODES:
        return unreadable(path, str(exc))
    if code == "SQLITE_NOTADB":
        # Page 1 fails its HMAC: a wrong key, or a damaged first page. The key fingerprint
        # in station.json decides; without one, pages that do verify mean the key is right.
        findings = _cipher_findings(conn)
        if check is not None:
            if hmac.compare_digest(check, key_check(key)):
                return damaged(path, "the first page fails its checks", findings, _PAGE1_DE)
            return wrong_key(path, "key fingerprint differs")
        pages = max(1, path.stat().st_size // 4096)
        if findings and len(findings) < pages:
            return damaged(path, "the first page fails its checks", findings, _PAGE1_DE)
        return wrong_key(path, str(exc))
    if code in _DAMAGED_CODES:
        return damaged(path, str(exc), _cipher_findings(conn), "unvollständig oder verfälscht")
    return storage_error(exc)


def open_encrypted(
    path: Path, key: bytes, *, create: bool = False, check: str | None = None
) -> Any:
    """Open (or with ``create=True`` create) the station database with its raw key.

    ``check`` is the key fingerprint from station.json, where there is one: a key that does
    not match is refused before the database file is even opened.
    """
    if len(key) != 32:
        raise ValueError("database key must be 32 bytes")
    path = Path(path)
    if create:
        # Created empty and private first: SQLite gives the WAL and SHM files the same mode.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    else:
        if check is not None and not hmac.compare_digest(check, key_check(key)):
            raise wrong_key(path, "key fingerprint in station.json differs")
        check_file(path)
    try:
        conn = sqlcipher3.connect(
            _uri(path, "rw"),
            uri=True,
            isolation_level=None,  # we issue BEGIN/COMMIT ourselves
            check_same_thread=False,  # the Store serialises access with a lock
        )
    except DatabaseError as exc:
        raise unreadable(path, str(exc)) from exc
    try:
        # We classify failures ourselves; SQLCipher's own log would go to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # Reading the schema is the first real page read: a wrong key fails here,
        # before journal_mode or anything else could write to the file.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        empty = not create and not conn.execute("PRAGMA user_version").fetchone()[0]
    except DatabaseError as exc:
        err = _first_read_failed(conn, path, exc, check, key)
        conn.close()
        raise err from exc
    if empty:
        # Only provisioning creates a schema; an existing file without one is not ours.
        conn.close()
        raise damaged(
            path,
            "it holds no station schema (schema version 0)",
            what_de="sie enthält keine Stationsdaten (kein Schema) und wird nicht neu angelegt",
        )
    try:
        apply_pragmas(conn)
    except DatabaseError as exc:
        conn.close()
        raise database_error(exc, path) from exc
    return conn
