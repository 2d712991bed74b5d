"""Cases and their household document."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput
from kiosk.store import states
from kiosk.store.json_codec import dumps, loads
from kiosk.store.records import Case, CaseSummary, ClaimSummary

if TYPE_CHECKING:
    from kiosk.store.database import Store


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _search_name(household: dict[str, Any]) -> str:
    parts: list[str] = []
    for who in ("applicant", "partner"):
        person = household.get(who) or {}
        if isinstance(person, dict):
            for key in ("family_name", "given_names", "birth_name"):
                value = person.get(key)
                if isinstance(value, str):
                    parts.append(value)
    return " ".join(parts).casefold()


def _display_name(household: dict[str, Any]) -> str:
    person = household.get("applicant") or {}
    if not isinstance(person, dict):
        return ""
    family = person.get("family_name") or ""
    given = person.get("given_names") or ""
    return f"{family}, {given}" if family and given else str(family or given)


def case_not_found(case_id: str) -> InvalidInput:
    return InvalidInput(f"no case with id {case_id}", "Diesen Fall gibt es nicht.")


def require_open_case(tx: Any, case_id: str) -> None:
    """Inside a transaction: the case exists and has not been withdrawn."""
    row = tx.execute("SELECT state FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise case_not_found(case_id)
    if row[0] == states.WITHDRAWN:
        raise InvalidInput(
            f"case {case_id} is withdrawn; it cannot be changed",
            "Dieser Fall wurde zurückgezogen und kann nicht mehr geändert werden.",
        )


class CaseRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create_case(
        self, actor: str, household: dict[str, Any] | None = None, visit_date: date | None = None
    ) -> str:
        case_id = uuid.uuid4().hex
        household = household if household is not None else {}
        ts = now_iso()
        with self._store.transaction() as tx:
            tx.execute(
                "INSERT INTO cases (id, visit_date, state, created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (case_id, (visit_date or date.today()).isoformat(), states.DRAFT, actor, ts, ts),
            )
            tx.execute(
                "INSERT INTO households (case_id, data, search_name, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (case_id, dumps(household), _search_name(household), ts),
            )
            self._store.audit(tx, "case.created", actor, case_id)
        return case_id

    def save_household(
        self,
        case_id: str,
        household: dict[str, Any],
        actor: str,
        pending: dict[str, Any] | None = None,
    ) -> None:
        """Replace the household document (and, if given, the pending input beside it)
        in one transaction; durable when this returns."""
        ts = now_iso()
        data = dumps(household)
        with self._store.transaction() as tx:
            require_open_case(tx, case_id)
            cur = tx.execute(
                "UPDATE households SET data = ?, search_name = ?, revision = revision + 1, "
                "pending = coalesce(?, pending), updated_at = ? WHERE case_id = ?",
                (
                    data,
                    _search_name(household),
                    None if pending is None else dumps(pending),
                    ts,
                    case_id,
                ),
            )
            if cur.rowcount != 1:
                raise case_not_found(case_id)
            tx.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (ts, case_id))
            self._store.audit(tx, "household.saved", actor, case_id)

    def set_resume_point(self, case_id: str, step: str) -> None:
        with self._store.transaction() as tx:
            tx.execute("UPDATE cases SET resume_at = ? WHERE id = ?", (step, case_id))

    def withdraw_case(self, case_id: str, actor: str) -> None:
        with self._store.transaction() as tx:
            cur = tx.execute(
                "UPDATE cases SET state = ?, updated_at = ? WHERE id = ?",
                (states.WITHDRAWN, now_iso(), case_id),
            )
            if cur.rowcount != 1:
                raise case_not_found(case_id)
            self._store.audit(tx, "case.withdrawn", actor, case_id)

    def get_case(self, case_id: str) -> Case:
        rows = self._store.read(
            "SELECT c.id, c.visit_date, c.state, h.data, c.resume_at, c.created_at, "
            "c.updated_at, h.pending FROM cases c JOIN households h ON h.case_id = c.id "
            "WHERE c.id = ?",
            (case_id,),
        )
        if not rows:
            raise case_not_found(case_id)
        cid, visit, state, data, resume, created, updated, pending = rows[0]
        claim_states = [c.state for c in self._claim_summaries().get(cid, [])]
        return Case(
            id=cid,
            visit_date=visit,
            state=states.case_state(state == states.WITHDRAWN, claim_states),
            household=loads(data) or {},
            resume_at=resume,
            created_at=created,
            updated_at=updated,
            pending=loads(pending) or {},
        )

    def exists(self, case_id: str) -> bool:
        return bool(self._store.read("SELECT 1 FROM cases WHERE id = ?", (case_id,)))

    def _claim_summaries(self) -> dict[str, list[ClaimSummary]]:
        out: dict[str, list[ClaimSummary]] = {}
        for cid, claim_id, benefit, subject, state in self._store.read(
            "SELECT case_id, id, benefit, subject, state FROM claims ORDER BY created_at, id"
        ):
            out.setdefault(cid, []).append(ClaimSummary(claim_id, benefit, subject, state))
        return out

    def list_cases(
        self, search: str | None = None, state: str | None = None, visit_date: str | None = None
    ) -> list[CaseSummary]:
        sql = (
            "SELECT c.id, c.visit_date, c.state, h.data, h.search_name FROM cases c "
            "JOIN households h ON h.case_id = c.id"
        )
        where, params = [], []
        if visit_date:
            where.append("c.visit_date = ?")
            params.append(visit_date)
        if search:
            where.append("instr(h.search_name, ?) > 0")
            params.append(search.casefold().strip())
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.visit_date DESC, c.created_at DESC"
        claims = self._claim_summaries()
        out = []
        for cid, visit, raw_state, data, _ in self._store.read(sql, tuple(params)):
            case_claims = claims.get(cid, [])
            shown = states.case_state(raw_state == states.WITHDRAWN, (c.state for c in case_claims))
            if state and shown != state:
                continue
            out.append(
                CaseSummary(cid, visit, shown, _display_name(loads(data) or {}), case_claims)
            )
        return out

    def count_by_state(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for summary in self.list_cases():
            counts[summary.state] = counts.get(summary.state, 0) + 1
        return counts
