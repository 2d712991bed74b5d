"""Counsellor rows: name, PIN hash and the persisted lockout counters.

Hashing and the lockout policy live in ``kiosk.auth``; this module only stores them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.errors import InvalidInput
from kiosk.store.cases import now_iso
from kiosk.store.connection import IntegrityError
from kiosk.store.records import CounsellorRecord

if TYPE_CHECKING:
    from kiosk.store.database import Store

_COLUMNS = "id, name, pin_hash, failed_attempts, locked_until, active"


def _record(row: tuple[int, str, str, int, float, int]) -> CounsellorRecord:
    cid, name, pin_hash, failed, locked_until, active = row
    return CounsellorRecord(cid, name, pin_hash, failed, locked_until, bool(active))


class CounsellorRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, name: str, pin_hash: str, actor: str) -> int:
        try:
            with self._store.transaction() as tx:
                cur = tx.execute(
                    "INSERT INTO counsellors (name, pin_hash, created_at) VALUES (?, ?, ?)",
                    (name, pin_hash, now_iso()),
                )
                counsellor_id = int(cur.lastrowid)
                self._store.audit(tx, f"counsellor.enrolled:{counsellor_id}", actor)
        except IntegrityError as exc:
            raise InvalidInput(
                "a counsellor with this name is already enrolled",
                "Eine Beraterin oder ein Berater mit diesem Namen ist bereits angelegt.",
            ) from exc
        return counsellor_id

    def get(self, counsellor_id: int) -> CounsellorRecord | None:
        rows = self._store.read(
            f"SELECT {_COLUMNS} FROM counsellors WHERE id = ?", (counsellor_id,)
        )
        return _record(rows[0]) if rows else None

    def active(self) -> list[CounsellorRecord]:
        return [
            _record(r)
            for r in self._store.read(
                f"SELECT {_COLUMNS} FROM counsellors WHERE active = 1 ORDER BY name"
            )
        ]

    def record_failure(self, counsellor_id: int, locked_until: float) -> None:
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE counsellors SET failed_attempts = failed_attempts + 1, locked_until = ? "
                "WHERE id = ?",
                (locked_until, counsellor_id),
            )
            self._store.audit(tx, f"counsellor.login_failed:{counsellor_id}", "station")

    def record_success(self, counsellor_id: int, pin_hash: str | None = None) -> None:
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE counsellors SET failed_attempts = 0, locked_until = 0, "
                "pin_hash = coalesce(?, pin_hash) WHERE id = ?",
                (pin_hash, counsellor_id),
            )
            self._store.audit(
                tx, f"counsellor.login:{counsellor_id}", f"counsellor:{counsellor_id}"
            )

    def count(self) -> int:
        return int(self._store.read("SELECT count(*) FROM counsellors WHERE active = 1")[0][0])
