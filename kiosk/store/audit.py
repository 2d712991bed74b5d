"""Append-only, hash-chained audit trail.

Each record holds the previous record's hash, the event, time, actor and case id — never
personal data — and its own SHA-256 over all of that including its sequence number. It is
written in the same transaction as the change it records. A one-row ``audit_head`` keeps the
last sequence number and hash, so removing records from the end is detected too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def record_hash(
    seq: int, prev_hash: str, at: str, actor: str, event: str, case_id: str | None
) -> str:
    body = json.dumps(
        [seq, prev_hash, at, actor, event, case_id], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(conn: Any, event: str, actor: str, case_id: str | None = None) -> int:
    """Append one record. Must be called inside the caller's open transaction."""
    head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    h = record_hash(seq, prev, at, actor, event, case_id)
    conn.execute(
        "INSERT INTO audit (seq, prev_hash, at, actor, event, case_id, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, prev, at, actor, event, case_id, h),
    )
    conn.execute(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
        (seq, h),
    )
    return seq


_KIND_DE = {"changed": "verändert", "missing": "entfernt", "reordered": "Reihenfolge vertauscht"}

# What the signed anchor outside the database finds (kiosk.store.anchor).
_ANCHOR_DE = {
    "anchor_missing": "Die Ankerdatei audit.anchor (oder die Datei audit.anchor-batch, auf "
    "die sie verweist) fehlt, obwohl die Station eine hatte; der Stand der Audit-Kette ist "
    "nicht mehr bestätigt.",
    "anchor_invalid": "Die Ankerdatei audit.anchor (oder die Datei audit.anchor-batch, auf "
    "die sie verweist) ist beschädigt oder nicht mit dem Schlüssel dieser Station signiert.",
    "emptied": "Die Audit-Kette ist leer, der Anker bestätigt aber {seq} Einträge: "
    "alle Einträge wurden gelöscht oder sind verloren.",
    "truncated": "Die Audit-Kette ist kürzer als bestätigt: der Anker bestätigt {seq} "
    "Einträge, das Ende fehlt (gelöscht oder nach einem Absturz verloren).",
    "rewritten": "Eintrag {seq} weicht vom bestätigten Stand ab: die Kette wurde neu berechnet.",
    "unanchored": "Ab Eintrag {seq} stehen Einträge in der Kette, die die Station nie "
    "bestätigt hat (nachträglich angefügt).",
    "reanchored": "Der Anker wurde neu gesetzt, nachdem festgestellt wurde: {reason} "
    "(die Kette hatte da {seq} Einträge).",
}
# The problem that was found when the anchor was re-established ("reanchored").
_REASON_DE = {
    "anchor_missing": "die Ankerdatei fehlte",
    "anchor_invalid": "die Ankerdatei war beschädigt oder falsch signiert",
    "emptied": "die Kette war leer",
    "truncated": "die Kette war kürzer als bestätigt",
    "rewritten": "die Kette war neu berechnet",
    "unanchored": "die Kette enthielt nie bestätigte Einträge",
}


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    kind: str  # "changed" | "missing" | "reordered", or one of the anchor's kinds above
    detail: str
    reason: str = ""  # for "reanchored": the kind of problem that was found then

    def __str__(self) -> str:
        return f"record {self.seq}: {self.kind} ({self.detail})"

    def german(self) -> str:
        if self.kind in _ANCHOR_DE:
            reason = _REASON_DE.get(self.reason, self.reason)
            return _ANCHOR_DE[self.kind].format(seq=self.seq, reason=reason)
        return f"Eintrag {self.seq}: {_KIND_DE[self.kind]}"


def _original_position(
    seq: int, count: int, prev: str, at: str, actor: str, event: str, case_id: str | None, h: str
) -> int | None:
    for candidate in (seq - 1, seq + 1, *range(1, count + 2)):
        if candidate != seq and record_hash(candidate, prev, at, actor, event, case_id) == h:
            return candidate
    return None


def verify(conn: Any) -> tuple[int, list[AuditProblem]]:
    """Check the whole chain. Returns (records checked, problems found, in order)."""
    rows = conn.execute(
        "SELECT seq, prev_hash, at, actor, event, case_id, hash FROM audit ORDER BY seq"
    ).fetchall()
    head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    problems: list[AuditProblem] = []
    by_hash = {r[6]: r for r in rows}
    expected_seq, expected_prev = 1, GENESIS
    prev_flagged = False
    for seq, prev, at, actor, event, case_id, h in rows:
        for gap in range(expected_seq, seq):
            problems.append(AuditProblem(gap, "missing", "record was removed from the chain"))
        flagged = True
        if record_hash(seq, prev, at, actor, event, case_id) != h:
            # A record moved to another position still hashes correctly under its old seq.
            moved_from = _original_position(seq, len(rows), prev, at, actor, event, case_id, h)
            if moved_from is not None:
                problems.append(
                    AuditProblem(
                        seq, "reordered", f"holds the record written as number {moved_from}"
                    )
                )
            else:
                problems.append(AuditProblem(seq, "changed", "content does not match its hash"))
        elif prev != expected_prev and seq == expected_seq and not prev_flagged:
            if prev in by_hash:
                problems.append(
                    AuditProblem(seq, "reordered", "chained to a record at another position")
                )
            else:
                # The previous record was rewritten together with its own hash.
                problems.append(
                    AuditProblem(
                        seq - 1, "changed", f"no longer matches the hash kept by record {seq}"
                    )
                )
        else:
            flagged = False
        prev_flagged = flagged
        expected_seq, expected_prev = seq + 1, h
    last_seq = rows[-1][0] if rows else 0
    if head is None:
        if rows:
            problems.append(AuditProblem(last_seq, "changed", "chain head is missing"))
    elif head[0] > last_seq:
        for gone in range(last_seq + 1, head[0] + 1):
            problems.append(AuditProblem(gone, "missing", "record was removed from the end"))
    elif head[0] != last_seq or head[1] != (rows[-1][6] if rows else None):
        problems.append(AuditProblem(last_seq, "changed", "chain head does not match"))
    return len(rows), problems
