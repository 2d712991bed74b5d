"""The Store: one database connection, its transactions, and the repositories over it.

Nothing outside ``kiosk/store`` writes SQL. Every change goes through ``transaction()`` and
records its audit event in that same transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.store import audit
from kiosk.store.audit import AuditProblem
from kiosk.store.connection import OperationalError, apply_pragmas, open_encrypted, storage_error
from kiosk.store.migrations import LATEST, migrate, schema_version


class Store:
    """Repositories over one open connection (SQLCipher in production)."""

    def __init__(self, conn: Any) -> None:
        from kiosk.store.cases import CaseRepository
        from kiosk.store.claims import ClaimRepository
        from kiosk.store.counsellors import CounsellorRepository
        from kiosk.store.documents import DocumentRepository
        from kiosk.store.outbox import OutboxRepository

        self._conn = conn
        self._lock = threading.RLock()
        self._depth = 0
        try:
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        self.cases = CaseRepository(self)
        self.claims = ClaimRepository(self)
        self.counsellors = CounsellorRepository(self)
        self.outbox = OutboxRepository(self)
        self.documents = DocumentRepository(self)

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, key: bytes) -> Store:
        return cls(open_encrypted(path, key, create=True))

    @classmethod
    def open(cls, path: Path, key: bytes) -> Store:
        return cls(open_encrypted(path, key))

    @classmethod
    def over_connection(cls, conn: Any) -> Store:
        """Run the same store code over another DB-API connection (benchmark twin)."""
        apply_pragmas(conn)
        return cls(conn)

    def close(self) -> None:
        with self._lock:
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
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                self._depth = 1
                try:
                    yield self._conn
                except BaseException:
                    self._depth = 0
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                self._depth = 0
                self._conn.execute("COMMIT")
            except OperationalError as exc:
                self._depth = 0
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise storage_error(exc) from exc

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

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
        with self._lock:
            return audit.verify(self._conn)

    def audit_events(self, case_id: str) -> list[dict[str, Any]]:
        """The audit records of one case (for its export)."""
        rows = self.read(
            "SELECT seq, at, actor, event FROM audit WHERE case_id = ? ORDER BY seq", (case_id,)
        )
        return [{"seq": s, "at": at, "actor": actor, "event": ev} for s, at, actor, ev in rows]

    def integrity_problems(self) -> list[str]:
        """``PRAGMA integrity_check`` plus, on SQLCipher, ``cipher_integrity_check``."""
        with self._lock:
            found = [r[0] for r in self._conn.execute("PRAGMA integrity_check").fetchall()]
            problems = [p for p in found if p != "ok"]
            if self.encrypted:
                problems += [r[0] for r in self._conn.execute("PRAGMA cipher_integrity_check")]
            return problems

    @property
    def encrypted(self) -> bool:
        """True on SQLCipher (the benchmark twin runs the same code on plain SQLite)."""
        with self._lock:
            return bool(self._conn.execute("PRAGMA cipher_version").fetchall())
