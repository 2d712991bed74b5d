"""Cases and their household document, and the case list read from indexed columns."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput
from kiosk.model.search_key import fold, search_key
from kiosk.store import states
from kiosk.store.json_codec import dumps, loads
from kiosk.store.records import Case, CasePage, CaseSummary, ClaimSummary

if TYPE_CHECKING:
    from kiosk.store.database import Store


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _names(household: dict[str, Any]) -> list[str]:
    """The names the case is found by: applicant and partner, family, given and birth names."""
    parts: list[str] = []
    for who in ("applicant", "partner"):
        person = household.get(who) or {}
        if isinstance(person, dict):
            for key in ("family_name", "given_names", "birth_name"):
                value = person.get(key)
                if isinstance(value, str):
                    parts.append(value)
    return parts


def search_name(household: dict[str, Any]) -> str:
    """The folded search key of a household (see ``kiosk.model.search_key``)."""
    return search_key(_names(household))


def display_name(household: dict[str, Any]) -> str:
    """"Family, Given" of the applicant, as the case list shows it."""
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


def _derived_state(tx: Any, case_id: str) -> str | None:
    row = tx.execute("SELECT state FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        return None
    claim_states = [r[0] for r in tx.execute(
        "SELECT state FROM claims WHERE case_id = ?", (case_id,))]
    return states.case_state(row[0] == states.WITHDRAWN, claim_states)


def refresh_case_state(tx: Any, case_id: str) -> None:
    """Inside a transaction: store the state the case shows (from its claims), so the case
    list and the status counts read one indexed column. Call after every change of a
    claim's state or of the case, in the same transaction."""
    shown = _derived_state(tx, case_id)
    if shown is not None:
        tx.execute("UPDATE cases SET listed_state = ? WHERE id = ? AND listed_state IS NOT ?",
                   (shown, case_id, shown))


def _filters(
    search: str | None, state: str | None, visit_date: str | None
) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if visit_date:
        where.append("visit_date = ?")
        params.append(visit_date)
    if state:
        where.append("listed_state = ?")
        params.append(state)
    folded = fold(search) if search else ""
    if folded:
        where.append("instr(search_key, ?) > 0")
        params.append(folded)
    return (" WHERE " + " AND ".join(where)) if where else "", params


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
                "INSERT INTO cases (id, visit_date, state, created_by, created_at, updated_at, "
                "display_name, search_key, listed_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, (visit_date or date.today()).isoformat(), states.DRAFT, actor, ts, ts,
                 display_name(household), search_name(household), states.DRAFT),
            )
            tx.execute(
                "INSERT INTO households (case_id, data, updated_at) VALUES (?, ?, ?)",
                (case_id, dumps(household), ts),
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
                "UPDATE households SET data = ?, revision = revision + 1, "
                "pending = coalesce(?, pending), updated_at = ? WHERE case_id = ?",
                (data, None if pending is None else dumps(pending), ts, case_id),
            )
            if cur.rowcount != 1:
                raise case_not_found(case_id)
            tx.execute(
                "UPDATE cases SET updated_at = ?, display_name = ?, search_key = ? WHERE id = ?",
                (ts, display_name(household), search_name(household), case_id),
            )
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
            refresh_case_state(tx, case_id)
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
        claim_states = [r[0] for r in self._store.read(
            "SELECT state FROM claims WHERE case_id = ?", (cid,))]
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

    def _claim_summaries(
        self, case_ids: Iterable[str] | None = None
    ) -> dict[str, list[ClaimSummary]]:
        """The claims of the given cases (of all cases when ``None``), by case id."""
        sql = "SELECT case_id, id, benefit, subject, state FROM claims"
        params: tuple[str, ...] = ()
        if case_ids is not None:
            params = tuple(case_ids)
            if not params:
                return {}
            sql += f" WHERE case_id IN ({', '.join('?' * len(params))})"
        out: dict[str, list[ClaimSummary]] = {}
        for cid, claim_id, benefit, subject, state in self._store.read(
            sql + " ORDER BY created_at, id", params
        ):
            out.setdefault(cid, []).append(ClaimSummary(claim_id, benefit, subject, state))
        return out

    def list_cases(
        self,
        search: str | None = None,
        state: str | None = None,
        visit_date: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[CaseSummary]:
        """The cases that match, newest visit first; one page of *limit* rows from *offset*
        when a limit is given. Reads indexed columns only, never a household document."""
        where, params = _filters(search, state, visit_date)
        order = " ORDER BY visit_date DESC, created_at DESC"
        page = ""
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
            params += [max(0, int(limit)), max(0, int(offset))]
        columns = "SELECT id, visit_date, listed_state, display_name FROM cases"
        if search and fold(search):
            # A substring cannot use a b-tree: scan the compact search index (it carries the
            # filter and sort columns too), pick the page there, then read only its rows.
            sql = (
                f"{columns} WHERE rowid IN (SELECT rowid FROM cases INDEXED BY "
                f"cases_by_search_key{where}{order}{page}){order}"
            )
        else:
            sql = columns + where + order + page
        rows = self._store.read(sql, tuple(params))
        claims = self._claim_summaries(None if limit is None else (r[0] for r in rows))
        return [
            CaseSummary(cid, visit, shown, name, claims.get(cid, []))
            for cid, visit, shown, name in rows
        ]

    def count_cases(
        self, search: str | None = None, state: str | None = None, visit_date: str | None = None
    ) -> int:
        """How many cases ``list_cases`` would return with the same filters (for paging)."""
        where, params = _filters(search, state, visit_date)
        return int(self._store.read("SELECT count(*) FROM cases" + where, tuple(params))[0][0])

    def page_cases(
        self,
        search: str | None = None,
        state: str | None = None,
        visit_date: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> CasePage:
        """One page of the case list with the number of all matching cases. An offset past
        the end (the last case of the last page was withdrawn away) gives the last page."""
        limit = max(1, int(limit))
        total = self.count_cases(search, state, visit_date)
        offset = max(0, min(int(offset), (max(total, 1) - 1) // limit * limit))
        cases = self.list_cases(search, state, visit_date, limit=limit, offset=offset)
        return CasePage(cases, total, offset, limit)

    def count_by_state(self) -> dict[str, int]:
        """Cases by the state they show (the status line), from the indexed state column."""
        return dict(self._store.read(
            "SELECT listed_state, count(*) FROM cases GROUP BY listed_state"))
