"""The Store: one database connection, its transactions, and the repositories over it.

Nothing outside ``kiosk/store`` writes SQL. Every change goes through ``transaction()`` and
records its audit event in that same transaction.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.store import audit
from kiosk.store.anchor import AuditAnchor
from kiosk.store.audit import AuditProblem
from kiosk.store.connection import (
    DatabaseError,
    OperationalError,
    apply_pragmas,
    damaged,
    database_error,
    open_encrypted,
    storage_error,
)
from kiosk.store.migrations import LATEST, migrate, schema_version
from kiosk.store.open_markers import OpenMarker, check_wal_present, clear_stale


class Store:
    """Repositories over one open connection (SQLCipher in production)."""

    def __init__(self, conn: Any, *, new: bool = False, path: Path | None = None) -> None:
        """Take over *conn*. Only a ``new`` database gets the schema created; an existing one
        without a schema is damaged (or not a station database) and is refused untouched."""
        from kiosk.store.attachments import AttachmentRepository
        from kiosk.store.cases import CaseRepository
        from kiosk.store.claims import ClaimRepository
        from kiosk.store.counsellors import CounsellorRepository
        from kiosk.store.documents import DocumentRepository
        from kiosk.store.outbox import OutboxRepository

        self._conn = conn
        self._lock = threading.RLock()
        self._depth = 0
        # The audit chain's anchor outside the database (kiosk.store.anchor), attached by
        # the Station; its hooks run around each COMMIT in transaction().
        self.anchor: AuditAnchor | None = None
        self._path = path
        try:
            if not new and schema_version(conn) == 0:
                raise damaged(path or Path("database"), "it holds no station schema")
            migrate(conn)
        except DatabaseError as exc:
            conn.close()
            raise database_error(exc, path or "database") from exc
        except BaseException:
            conn.close()
            raise
        self._release_marker: weakref.finalize[Any, Any] | None = None
        if path is not None:
            clear_stale(path)  # our connection has replayed any WAL a dead process left
            marker = OpenMarker(path)
            # Also when the Store is dropped or the process exits without close(): the
            # connection's own close then checkpoints and deletes the WAL, so the marker
            # must go first, or the next open would report the WAL as lost.
            self._release_marker = weakref.finalize(self, marker.release, path)
        self.cases = CaseRepository(self)
        self.claims = ClaimRepository(self)
        self.counsellors = CounsellorRepository(self)
        self.outbox = OutboxRepository(self)
        self.documents = DocumentRepository(self)
        self.attachments = AttachmentRepository(self)

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, key: bytes) -> Store:
        """A new database with the current schema; refuses if the file exists."""
        path = Path(path)
        return cls(open_encrypted(path, key, create=True), new=True, path=path)

    @classmethod
    def open(cls, path: Path, key: bytes, *, key_check: str | None = None) -> Store:
        """An existing database; every reason it cannot be opened has its own error."""
        path = Path(path)
        check_wal_present(path)
        return cls(open_encrypted(path, key, check=key_check), path=path)

    @classmethod
    def over_connection(cls, conn: Any) -> Store:
        """Run the same store code over another DB-API connection (benchmark twin)."""
        apply_pragmas(conn)
        return cls(conn, new=True)

    def close(self) -> None:
        with self._lock:
            if self.anchor is not None:
                self.anchor.settle()  # a batch left open (an exception) ends here
            if self._release_marker is not None:
                self._release_marker()  # runs once; before the close deletes the WAL
            self._conn.close()

    # --- transactions --------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """BEGIN IMMEDIATE … COMMIT; nested calls join the outer transaction."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            anchor = self.anchor
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                self._depth = 1
                try:
                    if anchor is not None:
                        anchor.begin(self._conn)
                    yield self._conn
                    if anchor is not None:
                        anchor.before_commit(self._conn)
                except BaseException:
                    self._depth = 0
                    if anchor is not None:
                        anchor.abort()
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                self._depth = 0
                self._conn.execute("COMMIT")
                if anchor is not None:
                    anchor.after_commit()
            except OperationalError as exc:
                self._depth = 0
                if anchor is not None:
                    anchor.abort()
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise storage_error(exc) from exc

    @contextmanager
    def anchor_batch(self) -> Iterator[None]:
        """A run of commits (one sending pass) whose audit checkpoints are one small in-place
        write each (a slot of ``audit.anchor-batch``) instead of two atomic file replacements;
        its end writes the last head into ``audit.anchor`` (see kiosk.store.anchor). Every
        checkpoint is on the disk before its COMMIT, as outside a batch."""
        anchor = self.anchor
        if anchor is None:
            yield
            return
        with self._lock:
            anchor.open_batch()
        try:
            yield
        finally:
            with self._lock:
                anchor.close_batch()

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            try:
                return list(self._conn.execute(sql, params).fetchall())
            except DatabaseError as exc:
                raise database_error(exc, self._path or "database") from exc

    def audit(self, conn: Any, event: str, actor: str, case_id: str | None = None) -> None:
        audit.append(conn, event, actor, case_id)

    # --- station-wide facts ----------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        with self._lock:
            return schema_version(self._conn)

    @property
    def latest_schema(self) -> int:
        return LATEST

    def verify_audit(self) -> tuple[int, list[AuditProblem]]:
        """The chain's own check, plus the anchor's where the station has one."""
        with self._lock:
            try:
                checked, problems = audit.verify(self._conn)
                if self.anchor is not None:
                    problems += self.anchor.check(self._conn)
            except DatabaseError as exc:
                raise database_error(exc, self._path or "database") from exc
            return checked, problems

    def signed_audit_head(self) -> dict[str, Any]:
        """The audit chain's current head signed with the station key (for submissions)."""
        if self.anchor is None:
            raise RuntimeError("this store has no audit anchor (no station key attached)")
        with self._lock:
            return self.anchor.signed_head(self._conn)

    def audit_events(self, case_id: str) -> list[dict[str, Any]]:
        """The audit records of one case (for its export)."""
        rows = self.read(
            "SELECT seq, at, actor, event FROM audit WHERE case_id = ? ORDER BY seq", (case_id,)
        )
        return [{"seq": s, "at": at, "actor": actor, "event": ev} for s, at, actor, ev in rows]

    def integrity_problems(self) -> list[str]:
        """``PRAGMA integrity_check`` plus, on SQLCipher, ``cipher_integrity_check``."""
        with self._lock:
            problems: list[str] = []
            for pragma in ("integrity_check", "cipher_integrity_check"):
                if pragma.startswith("cipher") and not self.encrypted:
                    continue
                try:
                    found = [str(r[0]) for r in self._conn.execute(f"PRAGMA {pragma}")]
                except DatabaseError as exc:  # a damaged page can stop the check itself
                    found = [f"{pragma}: {exc}"]
                problems += [p for p in found if p != "ok"]
            return problems

    def backup_into(self, target: Path, key: bytes) -> None:
        """Copy the whole database, as of one moment, into the empty file *target*, encrypted
        with *key* (SQLCipher's ``sqlcipher_export`` inside one read transaction)."""
        with self._lock:
            conn = self._conn
            conn.execute("ATTACH DATABASE ? AS backup KEY ?", (str(target), f"x'{key.hex()}'"))
            try:
                conn.execute("BEGIN")
                try:
                    conn.execute("SELECT sqlcipher_export('backup')").fetchall()
                    version = schema_version(conn)
                    conn.execute(f"PRAGMA backup.user_version = {int(version)}")
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except DatabaseError as exc:
                raise database_error(exc, self._path or "database") from exc
            finally:
                conn.execute("DETACH DATABASE backup")

    @property
    def encrypted(self) -> bool:
        """True on SQLCipher (the benchmark twin runs the same code on plain SQLite)."""
        with self._lock:
            return bool(self._conn.execute("PRAGMA cipher_version").fetchall())
