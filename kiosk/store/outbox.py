"""The outbox: one row per signed claim on its way to its office over FIT-Connect.

Each step of sending is a state of the row, committed before the next network call, so a
crash or a dead network at any point resumes from the last step::

    queued -> announced -> (attachments uploaded one by one) -> submitting -> submitted
           -> accepted | rejected | needs_attention          (cancelled: claim withdrawn)

The claim's own lifecycle state follows in the same transaction (queued / sending / sent /
accepted / rejected / needs_attention), audited like every other change. Documents handed in
after the claim's submission was announced travel as follow-ups (:mod:`kiosk.store.followups`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput
from kiosk.store import states
from kiosk.store.cases import now_iso, refresh_case_state

if TYPE_CHECKING:
    from kiosk.store.database import Store

QUEUED = "queued"
ANNOUNCED = "announced"
SUBMITTING = "submitting"
SUBMITTED = "submitted"
ACCEPTED = "accepted"
REJECTED = "rejected"
NEEDS_ATTENTION = "needs_attention"
CANCELLED = "cancelled"

#: Rows the sender still has to push (before the office has the submission).
TO_SEND = (QUEUED, ANNOUNCED, SUBMITTING)
#: Rows waiting for the office's receipt.
AWAITING_RECEIPT = (SUBMITTED,)
#: Rows the status bar counts as "waiting" (not yet at the office, or stuck).
WAITING = (QUEUED, ANNOUNCED, SUBMITTING, NEEDS_ATTENTION)

#: The claim state that goes with each row state.
CLAIM_STATE = {
    QUEUED: states.QUEUED, ANNOUNCED: states.SENDING, SUBMITTING: states.SENDING,
    SUBMITTED: states.SENT, ACCEPTED: states.ACCEPTED, REJECTED: states.REJECTED,
    NEEDS_ATTENTION: states.NEEDS_ATTENTION,
}

_COLUMNS = (
    "claim_id, case_id, office, destination_id, leika, state, submission_id, fc_case_id, "
    "encryption_kid, attachments, attempts, next_attempt_at, last_error, reason, queued_at, "
    "updated_at, accepted_at, purged_at"
)


@dataclass
class Attachment:
    """One announced attachment: its id, purpose (form / attachment), hash, and whether it
    was uploaded."""

    id: str
    purpose: str
    sha512: str
    mime_type: str = "application/pdf"
    filename: str = ""
    uploaded: bool = False
    #: The stored document (``claim_attachments.id``) it was made from; "" for the claim PDF.
    source: str = ""


@dataclass
class OutboxEntry:
    claim_id: str
    case_id: str
    office: str
    destination_id: str
    leika: str
    state: str
    submission_id: str | None
    fc_case_id: str | None
    encryption_kid: str | None
    attachments: list[Attachment] = field(default_factory=list)
    attempts: int = 0
    next_attempt_at: float = 0.0
    last_error: str | None = None
    reason: str | None = None
    queued_at: str = ""
    updated_at: str = ""
    accepted_at: str | None = None
    purged_at: str | None = None


def _entry(row: Any) -> OutboxEntry:
    (claim_id, case_id, office, dest, leika, state, sub, fc_case, kid, atts, attempts,
     next_at, last_error, reason, queued_at, updated_at, accepted_at, purged_at) = row
    return OutboxEntry(
        claim_id, case_id, office, dest, leika, state, sub, fc_case, kid,
        [Attachment(**a) for a in json.loads(atts)], attempts, next_at, last_error, reason,
        queued_at, updated_at, accepted_at, purged_at,
    )


def _dump(attachments: list[Attachment]) -> str:
    return json.dumps([a.__dict__ for a in attachments], sort_keys=True)


def move_row(tx: Any, table: str, key: str, row_id: str, expect: tuple[str, ...],
             new_state: str, columns: dict[str, Any]) -> str:
    """Move one row of an outbox table (the claims' or the follow-ups') from one of the
    ``expect`` states to ``new_state``, setting ``columns``; returns the state it had.
    Refused (:class:`InvalidInput`) when it is in another state by now."""
    row = tx.execute(f"SELECT state FROM {table} WHERE {key} = ?",  # noqa: S608 - fixed names
                     (row_id,)).fetchone()
    if row is None or row[0] not in expect:
        raise InvalidInput(f"{table} row {row_id} is {row[0] if row else 'missing'}, "
                           f"expected one of {expect}",
                           "Der Versandstatus hat sich inzwischen geändert.")
    sets = ["state = ?", "updated_at = ?"] + [f"{c} = ?" for c in columns]
    tx.execute(f"UPDATE {table} SET {', '.join(sets)} WHERE {key} = ?",  # noqa: S608
               (new_state, now_iso(), *columns.values(), row_id))
    return str(row[0])


class DocumentsChanged(InvalidInput):
    """A document read for an announce was removed before the announce was recorded: the
    submission must be announced again from the documents as they are now."""


def check_sources(tx: Any, sources: set[str]) -> None:
    """Every document an announce names still exists (inside the announce's transaction)."""
    for source in sources:
        if tx.execute("SELECT 1 FROM claim_attachments WHERE id = ?", (source,)).fetchone() \
                is None:
            raise DocumentsChanged(
                "a document was removed while the submission was announced",
                "Ein Nachweis wurde während des Versands entfernt; der Versand wird mit den "
                "jetzigen Nachweisen neu angemeldet.")


#: A submitted row's office is asked on every pass for its first seconds, then again after a
#: quarter of the time since submission, at most this long: an office that answers at once
#: is heard at once, one that takes days is asked every quarter of an hour, not every pass.
RECEIPT_CHECK_MAX_S = 900.0
RECEIPT_EVERY_PASS_S = 10.0


def schedule_receipt_checks(store: Store, table: str, key: str,
                            rows: list[tuple[str, str]], now: float | None = None) -> None:
    """After an answer without a decision: when to ask about each ``(id, updated_at)`` row
    of ``table`` (the outbox or its follow-ups) again. One transaction for all of them."""
    now = time.time() if now is None else now
    later = []
    for row_id, updated_at in rows:
        try:
            age = max(0.0, now - datetime.fromisoformat(updated_at).timestamp())
        except ValueError:
            age = 0.0
        if age >= RECEIPT_EVERY_PASS_S:  # younger ones stay due: no write on their behalf
            later.append((now + min(age / 4, RECEIPT_CHECK_MAX_S), row_id, SUBMITTED))
    if not later:
        return
    with store.transaction() as tx:
        tx.executemany(f"UPDATE {table} SET next_attempt_at = ? "  # noqa: S608 - fixed names
                       f"WHERE {key} = ? AND state = ?", later)


def select_rows(store: Store, select: str, order: str, states_: tuple[str, ...] | None,
                due_before: float | None) -> list[Any]:
    """Rows of an outbox table in ``states_`` (all if None) due by ``due_before``."""
    sql, params = select, list[Any]()
    where = []
    if states_ is not None:
        where.append(f"state IN ({', '.join('?' * len(states_))})")
        params += list(states_)
    if due_before is not None:
        where.append("next_attempt_at <= ?")
        params.append(due_before)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return list(store.read(f"{sql} ORDER BY {order}", tuple(params)))


class OutboxRepository:
    ACTOR = "sync"

    def __init__(self, store: Store) -> None:
        from kiosk.store.followups import FollowupRepository

        self._store = store
        #: Documents handed in after the claim's submission was announced.
        self.followups = FollowupRepository(store)

    # --- reading -------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return dict(self._store.read("SELECT state, count(*) FROM outbox GROUP BY state"))

    def get(self, claim_id: str) -> OutboxEntry:
        rows = self._store.read(f"SELECT {_COLUMNS} FROM outbox WHERE claim_id = ?", (claim_id,))
        if not rows:
            raise InvalidInput(f"claim {claim_id} is not in the outbox",
                               "Dieser Antrag ist nicht zum Versand vorgemerkt.")
        return _entry(rows[0])

    def entries(self, states_: tuple[str, ...] | None = None,
                due_before: float | None = None) -> list[OutboxEntry]:
        return [_entry(r) for r in select_rows(self._store, f"SELECT {_COLUMNS} FROM outbox",
                                               "queued_at, claim_id", states_, due_before)]

    def next_due(self) -> float | None:
        """When the next waiting row (a claim's or a follow-up's) may be tried again (epoch
        seconds), if any waits."""
        marks = ", ".join("?" * len(TO_SEND))
        rows = self._store.read(
            f"SELECT min(t) FROM (SELECT next_attempt_at AS t FROM outbox WHERE state IN "
            f"({marks}) UNION ALL SELECT next_attempt_at FROM outbox_followups WHERE state "
            f"IN ({marks}))", TO_SEND + TO_SEND)
        return rows[0][0] if rows and rows[0][0] is not None else None

    def claim_state(self, claim_id: str) -> str:
        rows = self._store.read("SELECT state FROM claims WHERE id = ?", (claim_id,))
        return str(rows[0][0]) if rows else states.WITHDRAWN

    def frozen_claim(self, claim_id: str) -> tuple[bytes, str, str | None]:
        """The claim's frozen canonical JSON, its benefit and the signing time."""
        rows = self._store.read(
            "SELECT canonical, benefit, signed_at FROM claims WHERE id = ?", (claim_id,))
        if not rows or rows[0][0] is None:
            raise InvalidInput(f"claim {claim_id} has no frozen data",
                               "Die Daten dieses Antrags sind nicht mehr vorhanden.")
        return bytes(rows[0][0]), str(rows[0][1]), rows[0][2]

    # --- the steps -----------------------------------------------------------------------
    def _move(self, tx: Any, entry_claim: str, old_state: str, new_state: str) -> None:
        """Row and claim move together; the claim's move is checked by the lifecycle."""
        old_claim, new_claim = CLAIM_STATE.get(old_state), CLAIM_STATE.get(new_state)
        if new_claim is not None and new_claim != old_claim:
            self._store.claims.set_state(entry_claim, new_claim, self.ACTOR)

    def _update(self, claim_id: str, expect: tuple[str, ...], new_state: str,
                **columns: Any) -> None:
        with self._store.transaction() as tx:
            old = move_row(tx, "outbox", "claim_id", claim_id, expect, new_state, columns)
            self._move(tx, claim_id, old, new_state)

    def enqueue(self, claim_id: str, office: str, destination_id: str, leika: str,
                actor: str) -> None:
        """Queue a signed claim for sending (joins the caller's transaction: signing)."""
        with self._store.transaction() as tx:
            row = tx.execute("SELECT case_id FROM claims WHERE id = ?", (claim_id,)).fetchone()
            if row is None:
                raise InvalidInput(f"no claim with id {claim_id}", "Diesen Antrag gibt es nicht.")
            ts = now_iso()
            tx.execute(
                "INSERT INTO outbox (claim_id, case_id, office, destination_id, leika, state, "
                "queued_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (claim_id, row[0], office, destination_id, leika, QUEUED, ts, ts),
            )
            self._store.claims.set_state(claim_id, states.QUEUED, actor)

    def announced(self, claim_id: str, destination_id: str, submission_id: str,
                  fc_case_id: str, kid: str, attachments: list[Attachment]) -> None:
        """Announced with exactly these documents; one attached after they were read goes
        to the office as a follow-up (queued in the same transaction)."""
        with self._store.transaction() as tx:
            self._update(claim_id, (QUEUED,), ANNOUNCED, destination_id=destination_id,
                         submission_id=submission_id,
                         fc_case_id=fc_case_id, encryption_kid=kid,
                         attachments=_dump(attachments), attempts=0, last_error=None)
            sources = {a.source for a in attachments if a.source}
            check_sources(tx, sources)
            for source in sources:
                tx.execute("UPDATE claim_attachments SET sent_in = ? WHERE id = ? "
                           "AND sent_in IS NULL", (claim_id, source))
            self.followups.adopt_unsent(tx, claim_id, self.ACTOR)

    def attachment_uploaded(self, claim_id: str, attachment_id: str,
                            then_submitting: bool = False) -> None:
        """One attachment is at the service; with ``then_submitting`` (the last one) the
        row also says ``submitting`` — one commit, as no call comes between the two."""
        with self._store.transaction() as tx:
            entry = self.get(claim_id)
            for a in entry.attachments:
                if a.id == attachment_id:
                    a.uploaded = True
            tx.execute("UPDATE outbox SET attachments = ?, updated_at = ?, attempts = 0 "
                       "WHERE claim_id = ?", (_dump(entry.attachments), now_iso(), claim_id))
            if then_submitting:
                self.submitting(claim_id)

    def submitting(self, claim_id: str) -> None:
        """Recorded before the submit call: after a crash the case's events decide."""
        self._update(claim_id, (ANNOUNCED,), SUBMITTING)

    def back_to_announced(self, claim_id: str) -> None:
        """The events show the submit never reached the service: it may be sent again."""
        self._update(claim_id, (SUBMITTING,), ANNOUNCED)

    def submitted(self, claim_id: str) -> None:
        self._update(claim_id, (SUBMITTING, ANNOUNCED), SUBMITTED, attempts=0, last_error=None)

    def restart(self, claim_id: str, why: str) -> None:
        """Start over with a new submission (the destination's key changed before submit):
        the half-built one is never submitted, so it never reaches the office."""
        self._update(claim_id, (ANNOUNCED, SUBMITTING), QUEUED, submission_id=None,
                     fc_case_id=None, encryption_kid=None, attachments="[]", last_error=why)

    def accepted(self, claim_id: str) -> None:
        self._update(claim_id, (SUBMITTED,), ACCEPTED, accepted_at=now_iso(), last_error=None)

    def rejected(self, claim_id: str, reason: str) -> None:
        self._update(claim_id, (SUBMITTED,), REJECTED, reason=reason[:2000], last_error=None)

    def needs_attention(self, claim_id: str, message: str) -> None:
        """A problem retrying will not cure, in plain words for the counsellor."""
        entry = self.get(claim_id)
        self._update(claim_id, (entry.state,), NEEDS_ATTENTION, last_error=message[:2000],
                     reason=entry.state)

    def send_again_item(self, item_id: str, actor: str) -> str:
        """:meth:`send_again` for a claim or a follow-up, by its id; the state it is in now."""
        followups = self.followups
        if followups.exists(item_id):
            followups.send_again(item_id)
            return followups.get(item_id).state
        self.send_again(item_id, actor)
        return self.get(item_id).state

    def send_again(self, claim_id: str, actor: str) -> None:
        """After the counsellor or IT fixed the cause: the claim is tried again from where
        it stopped (a submitted one is only asked about, never submitted again)."""
        entry = self.get(claim_id)
        if entry.state != NEEDS_ATTENTION:
            return
        resume = entry.reason if entry.reason in (TO_SEND + AWAITING_RECEIPT) else QUEUED
        with self._store.transaction() as tx:
            tx.execute("UPDATE outbox SET state = ?, attempts = 0, next_attempt_at = 0, "
                       "last_error = NULL, updated_at = ? WHERE claim_id = ?",
                       (resume, now_iso(), claim_id))
            self._store.claims.set_state(claim_id, CLAIM_STATE[resume], actor)

    def cancel(self, claim_id: str) -> None:
        """The claim was withdrawn or superseded before it left: nothing is sent."""
        with self._store.transaction() as tx:
            tx.execute("UPDATE outbox SET state = ?, updated_at = ? WHERE claim_id = ?",
                       (CANCELLED, now_iso(), claim_id))

    def retry_later(self, claim_id: str, error: str, delay: float) -> None:
        """A temporary failure: tried again after ``delay`` seconds; no state changes."""
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, "
                "last_error = ?, updated_at = ? WHERE claim_id = ?",
                (time.time() + delay, error[:2000], now_iso(), claim_id))

    # --- what sending keeps for offline use ---------------------------------------------
    def cache_get(self, key: str) -> tuple[Any, float] | None:
        rows = self._store.read("SELECT value, fetched_at FROM sync_cache WHERE key = ?", (key,))
        return (json.loads(rows[0][0]), float(rows[0][1])) if rows else None

    def cache_put(self, key: str, value: Any) -> None:
        with self._store.transaction() as tx:
            tx.execute(
                "INSERT INTO sync_cache (key, value, fetched_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "fetched_at = excluded.fetched_at",
                (key, json.dumps(value, sort_keys=True), time.time()))

    # --- retention -----------------------------------------------------------------------
    def purge_due(self, cutoff_iso: str) -> list[OutboxEntry]:
        """Accepted claims whose acceptance, and that of each of their follow-ups, is older
        than ``cutoff_iso``, not purged, and with no follow-up still on its way."""
        from kiosk.store.followups import WAITING as FOLLOWUP_WAITING

        marks = ", ".join("?" * len(FOLLOWUP_WAITING))
        return [_entry(r) for r in self._store.read(
            f"SELECT {_COLUMNS} FROM outbox o WHERE state = ? AND purged_at IS NULL "
            "AND accepted_at < ? AND NOT EXISTS (SELECT 1 FROM outbox_followups f "
            f"WHERE f.claim_id = o.claim_id AND (f.state IN ({marks}) "
            "OR (f.state = ? AND f.accepted_at >= ?))) ORDER BY accepted_at",
            (ACCEPTED, cutoff_iso, *FOLLOWUP_WAITING, ACCEPTED, cutoff_iso))]

    def purge_claim(self, claim_id: str, actor: str) -> bool:
        """Delete the personal data of one accepted claim: its frozen data, answers,
        signature strokes, documents; and the household when no claim of the case needs it
        any more. Non-personal facts (ids, states, hash, dates) stay; audited. Returns
        whether the household was deleted too."""
        household_gone = False
        with self._store.transaction() as tx:
            row = tx.execute("SELECT case_id, state FROM claims WHERE id = ?",
                             (claim_id,)).fetchone()
            if row is None or row[1] != states.ACCEPTED:
                raise InvalidInput(f"claim {claim_id} is not accepted",
                                   "Nur von der Stelle bestätigte Anträge werden gelöscht.")
            case_id = row[0]
            from kiosk.store.followups import WAITING as FOLLOWUP_WAITING

            waiting = tx.execute(
                "SELECT count(*) FROM outbox_followups WHERE claim_id = ? AND state IN "
                f"({', '.join('?' * len(FOLLOWUP_WAITING))})",
                (claim_id, *FOLLOWUP_WAITING)).fetchone()[0]
            if waiting:  # never delete a document still waiting to be sent
                raise InvalidInput(f"claim {claim_id} has follow-ups on their way",
                                   "Nachweise dieses Antrags sind noch auf dem Weg zur Stelle.")
            tx.execute("UPDATE claims SET canonical = NULL, answers = '{}', updated_at = ? "
                       "WHERE id = ?", (now_iso(), claim_id))
            tx.execute("DELETE FROM signatures WHERE claim_id = ?", (claim_id,))
            for table in _tables_with_column(tx, "claim_id", exclude=(
                    "outbox", "outbox_followups", "signatures")):
                tx.execute(f"DELETE FROM {table} WHERE claim_id = ?", (claim_id,))
            tx.execute("UPDATE outbox SET purged_at = ? WHERE claim_id = ?",
                       (now_iso(), claim_id))
            # Their documents went with the claim's (deleted above); ids and states stay.
            tx.execute("UPDATE outbox_followups SET purged_at = ? WHERE claim_id = ? "
                       "AND purged_at IS NULL", (now_iso(), claim_id))
            self._store.audit(tx, "claim.personal_data_deleted", actor, case_id)
            # The household goes once every live claim of the case is accepted and purged.
            others = tx.execute(
                "SELECT count(*) FROM claims c LEFT JOIN outbox o ON o.claim_id = c.id "
                "WHERE c.case_id = ? AND c.state NOT IN (?, ?) "
                "AND NOT (c.state = ? AND o.purged_at IS NOT NULL)",
                (case_id, states.WITHDRAWN, states.SUPERSEDED, states.ACCEPTED)).fetchone()[0]
            if others == 0:
                tx.execute("UPDATE households SET data = '{}', pending = '{}', "
                           "search_name = '', updated_at = ? WHERE case_id = ?",
                           (now_iso(), case_id))
                tx.execute("UPDATE cases SET display_name = '', search_key = '', "
                           "resume_at = NULL, updated_at = ? WHERE id = ?", (now_iso(), case_id))
                for table in _tables_with_column(tx, "case_id",
                                                 exclude=("outbox", "outbox_followups", "claims",
                                                          "cases", "audit", "households")):
                    tx.execute(f"DELETE FROM {table} WHERE case_id = ?", (case_id,))
                refresh_case_state(tx, case_id)
                self._store.audit(tx, "case.personal_data_deleted", actor, case_id)
                household_gone = True
        return household_gone


def _tables_with_column(tx: Any, column: str, exclude: tuple[str, ...]) -> list[str]:
    """Tables other modules add (e.g. the claim documents) that hold per-claim or per-case
    data: found by their column, so retention covers them without knowing them."""
    names = [r[0] for r in tx.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    found = []
    for name in names:
        if name in exclude or not name.replace("_", "").isalnum():
            continue
        cols = {r[1] for r in tx.execute(f"PRAGMA table_info({name})").fetchall()}
        if column in cols:
            found.append(name)
    return found
