"""Follow-ups (Nachreichungen): documents handed in after their claim's submission was
announced, sent to the office as a new submission in the claim's FIT-Connect case.

One row per follow-up, on the same steps as a claim's row (:mod:`kiosk.store.outbox`), each
committed before the next network call::

    queued -> announced -> (attachments uploaded one by one) -> submitting -> submitted
           -> accepted | rejected | needs_attention          (cancelled: claim withdrawn)

A follow-up never changes its claim's state. Which submission a document goes with is kept
on the document (``claim_attachments.sent_in``): NULL (not decided yet: it goes with its
claim while the claim's submission is not announced), the claim's id, or a follow-up's id.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput
from kiosk.store import outbox as ob
from kiosk.store.cases import now_iso
from kiosk.store.outbox import Attachment, OutboxEntry

if TYPE_CHECKING:
    from kiosk.store.database import Store

#: Follow-ups whose documents have not reached the office for good yet (never purged).
WAITING = (ob.QUEUED, ob.ANNOUNCED, ob.SUBMITTING, ob.SUBMITTED, ob.NEEDS_ATTENTION)

_COLUMNS = (
    "id, claim_id, case_id, office, destination_id, leika, state, submission_id, fc_case_id, "
    "encryption_kid, attachments, attempts, next_attempt_at, last_error, reason, queued_at, "
    "updated_at, accepted_at, purged_at"
)


@dataclass
class Followup(OutboxEntry):
    """A follow-up row; ``claim_id`` is the original claim it belongs to."""

    id: str = ""


def _followup(row: Any) -> Followup:
    followup_id, *rest = row
    entry = ob._entry(rest)
    return Followup(**entry.__dict__, id=followup_id)


def _not_found(followup_id: str) -> InvalidInput:
    return InvalidInput(f"no follow-up {followup_id}", "Diese Nachreichung gibt es nicht.")


class FollowupRepository:
    ACTOR = "sync"

    def __init__(self, store: Store) -> None:
        self._store = store

    # --- queueing (inside the caller's transaction) --------------------------------------
    def route_document(self, tx: Any, claim_id: str, attachment_id: str,
                       actor: str) -> str | None:
        """Decide with which submission a newly attached document goes: with its claim while
        the claim's submission is not announced (``None``), else with a follow-up — the
        claim's follow-up still queued, or a new one. Returns the follow-up's id."""
        row = tx.execute("SELECT case_id, office, destination_id, leika, state, submission_id "
                         "FROM outbox WHERE claim_id = ?", (claim_id,)).fetchone()
        if row is None or row[5] is None or row[4] == ob.CANCELLED:
            return None
        case_id, office, destination_id, leika = row[:4]
        found = tx.execute("SELECT id FROM outbox_followups WHERE claim_id = ? AND state = ? "
                           "ORDER BY queued_at DESC, id LIMIT 1",
                           (claim_id, ob.QUEUED)).fetchone()
        if found is not None:
            followup_id = str(found[0])
        else:
            followup_id = uuid.uuid4().hex
            ts = now_iso()
            tx.execute(
                "INSERT INTO outbox_followups (id, claim_id, case_id, office, destination_id, "
                "leika, state, queued_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (followup_id, claim_id, case_id, office, destination_id, leika, ob.QUEUED,
                 ts, ts))
            self._store.audit(tx, "claim.followup_queued", actor, case_id)
        tx.execute("UPDATE claim_attachments SET sent_in = ? WHERE id = ?",
                   (followup_id, attachment_id))
        return followup_id

    def adopt_unsent(self, tx: Any, claim_id: str, actor: str) -> list[str]:
        """Documents of a claim announced without them (attached while the sender was
        announcing) become a follow-up, so none is left behind."""
        rows = tx.execute("SELECT id FROM claim_attachments WHERE claim_id = ? "
                          "AND sent_in IS NULL ORDER BY created_at, id", (claim_id,)).fetchall()
        return sorted({fid for (aid,) in rows
                       if (fid := self.route_document(tx, claim_id, aid, actor)) is not None})

    def check_removable(self, tx: Any, attachment_id: str) -> None:
        """A document may be removed while the submission it goes with is not announced;
        a follow-up left without documents is cancelled."""
        row = tx.execute("SELECT claim_id, sent_in FROM claim_attachments WHERE id = ?",
                         (attachment_id,)).fetchone()
        if row is None or row[1] is None:
            return
        claim_id, sent_in = row
        if sent_in == claim_id:
            announced = tx.execute("SELECT submission_id FROM outbox WHERE claim_id = ?",
                                   (claim_id,)).fetchone()
            if announced is None or announced[0] is None:
                return
        else:
            state = tx.execute("SELECT state FROM outbox_followups WHERE id = ?",
                               (sent_in,)).fetchone()
            if state is None or state[0] == ob.QUEUED:
                left = tx.execute("SELECT count(*) FROM claim_attachments WHERE sent_in = ? "
                                  "AND id != ?", (sent_in, attachment_id)).fetchone()[0]
                if state is not None and left == 0:
                    tx.execute("UPDATE outbox_followups SET state = ?, reason = 'empty', "
                               "updated_at = ? WHERE id = ?", (ob.CANCELLED, now_iso(), sent_in))
                return
        raise InvalidInput("attachment is on its way to the office",
                           "Dieser Nachweis ist schon auf dem Weg zur Stelle und kann nicht "
                           "mehr entfernt werden.")

    # --- reading -------------------------------------------------------------------------
    def get(self, followup_id: str) -> Followup:
        rows = self._store.read(f"SELECT {_COLUMNS} FROM outbox_followups WHERE id = ?",
                                (followup_id,))
        if not rows:
            raise _not_found(followup_id)
        return _followup(rows[0])

    def exists(self, followup_id: str) -> bool:
        return bool(self._store.read("SELECT 1 FROM outbox_followups WHERE id = ?",
                                     (followup_id,)))

    def of_claim(self, claim_id: str) -> list[Followup]:
        return [_followup(r) for r in self._store.read(
            f"SELECT {_COLUMNS} FROM outbox_followups WHERE claim_id = ? "
            "ORDER BY queued_at, id", (claim_id,))]

    def entries(self, states_: tuple[str, ...] | None = None,
                due_before: float | None = None) -> list[Followup]:
        return [_followup(r) for r in ob.select_rows(
            self._store, f"SELECT {_COLUMNS} FROM outbox_followups", "queued_at, id", states_,
            due_before)]

    def counts(self) -> dict[str, int]:
        return dict(self._store.read(
            "SELECT state, count(*) FROM outbox_followups GROUP BY state"))

    def summary(self) -> list[dict[str, Any]]:
        """Every follow-up by id, claim and state (no personal data), for `status`."""
        return [{"id": i, "claim_id": c, "state": s, "documents": n}
                for i, c, s, n in self._store.read(
                    "SELECT f.id, f.claim_id, f.state, (SELECT count(*) FROM claim_attachments "
                    "a WHERE a.sent_in = f.id) FROM outbox_followups f "
                    "ORDER BY f.queued_at, f.id")]

    # --- the steps -----------------------------------------------------------------------
    def _update(self, followup_id: str, expect: tuple[str, ...], new_state: str,
                **columns: Any) -> None:
        with self._store.transaction() as tx:
            ob.move_row(tx, "outbox_followups", "id", followup_id, expect, new_state, columns)

    def announced(self, followup_id: str, destination_id: str, submission_id: str,
                  fc_case_id: str, kid: str, attachments: list[Attachment]) -> None:
        """Announced with exactly these documents; one attached meanwhile (after they were
        read) goes with a new follow-up, in the same transaction."""
        with self._store.transaction() as tx:
            self._update(followup_id, (ob.QUEUED,), ob.ANNOUNCED,
                         destination_id=destination_id, submission_id=submission_id,
                         fc_case_id=fc_case_id, encryption_kid=kid,
                         attachments=ob._dump(attachments), attempts=0, last_error=None)
            sources = {a.source for a in attachments}
            ob.check_sources(tx, {src for src in sources if src})
            late = [aid for (aid,) in tx.execute(
                "SELECT id FROM claim_attachments WHERE sent_in = ? ORDER BY created_at, id",
                (followup_id,)).fetchall() if aid not in sources]
            if late:
                claim_id = self.get(followup_id).claim_id
                for aid in late:
                    self.route_document(tx, claim_id, aid, self.ACTOR)

    def attachment_uploaded(self, followup_id: str, attachment_id: str,
                            then_submitting: bool = False) -> None:
        with self._store.transaction() as tx:
            entry = self.get(followup_id)
            for a in entry.attachments:
                if a.id == attachment_id:
                    a.uploaded = True
            tx.execute("UPDATE outbox_followups SET attachments = ?, updated_at = ?, "
                       "attempts = 0 WHERE id = ?",
                       (ob._dump(entry.attachments), now_iso(), followup_id))
            if then_submitting:
                self.submitting(followup_id)

    def submitting(self, followup_id: str) -> None:
        self._update(followup_id, (ob.ANNOUNCED,), ob.SUBMITTING)

    def back_to_announced(self, followup_id: str) -> None:
        self._update(followup_id, (ob.SUBMITTING,), ob.ANNOUNCED)

    def submitted(self, followup_id: str) -> None:
        self._update(followup_id, (ob.SUBMITTING, ob.ANNOUNCED), ob.SUBMITTED, attempts=0,
                     last_error=None)

    def restart(self, followup_id: str, why: str) -> None:
        """A new submission in the same case (the office's key changed before submit)."""
        self._update(followup_id, (ob.ANNOUNCED, ob.SUBMITTING), ob.QUEUED, submission_id=None,
                     fc_case_id=None, encryption_kid=None, attachments="[]", last_error=why)

    def accepted(self, followup_id: str) -> None:
        with self._store.transaction() as tx:
            self._update(followup_id, (ob.SUBMITTED,), ob.ACCEPTED, accepted_at=now_iso(),
                         last_error=None)
            self._store.audit(tx, "claim.followup_accepted", self.ACTOR,
                              self.get(followup_id).case_id)

    def rejected(self, followup_id: str, reason: str) -> None:
        with self._store.transaction() as tx:
            self._update(followup_id, (ob.SUBMITTED,), ob.REJECTED, reason=reason[:2000],
                         last_error=None)
            self._store.audit(tx, "claim.followup_rejected", self.ACTOR,
                              self.get(followup_id).case_id)

    def needs_attention(self, followup_id: str, message: str) -> None:
        entry = self.get(followup_id)
        self._update(followup_id, (entry.state,), ob.NEEDS_ATTENTION,
                     last_error=message[:2000], reason=entry.state)

    def send_again(self, followup_id: str) -> None:
        """After the cause was fixed: from where it stopped (a submitted one is only asked
        about, never submitted again)."""
        entry = self.get(followup_id)
        if entry.state != ob.NEEDS_ATTENTION:
            return
        resume = entry.reason if entry.reason in (ob.TO_SEND + ob.AWAITING_RECEIPT) \
            else ob.QUEUED
        self._update(followup_id, (ob.NEEDS_ATTENTION,), resume, attempts=0,
                     next_attempt_at=0, last_error=None)

    def cancel(self, followup_id: str, why: str) -> None:
        """The claim was withdrawn or superseded before the follow-up left: nothing is sent."""
        with self._store.transaction() as tx:
            self._update(followup_id, (ob.QUEUED,), ob.CANCELLED, reason=why[:2000])
            self._store.audit(tx, "claim.followup_cancelled", self.ACTOR,
                              self.get(followup_id).case_id)

    def discard(self, followup_id: str, actor: str) -> None:
        """A follow-up that needs attention and will not be sent (the family hands the
        documents in at the office): it stops waiting, so its claim's retention runs."""
        with self._store.transaction() as tx:
            self._update(followup_id, (ob.NEEDS_ATTENTION,), ob.CANCELLED,
                         reason="discarded", next_attempt_at=0)
            self._store.audit(tx, "claim.followup_discarded", actor,
                              self.get(followup_id).case_id)

    def retry_later(self, followup_id: str, error: str, delay: float) -> None:
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE outbox_followups SET attempts = attempts + 1, next_attempt_at = ?, "
                "last_error = ?, updated_at = ? WHERE id = ?",
                (time.time() + delay, error[:2000], now_iso(), followup_id))

    # --- retention -----------------------------------------------------------------------
    def purge_due(self, cutoff_iso: str) -> list[Followup]:
        """Accepted follow-ups of an already purged claim, accepted before ``cutoff_iso``."""
        return [_followup(r) for r in self._store.read(
            f"SELECT {', '.join('f.' + c.strip() for c in _COLUMNS.split(','))} "
            "FROM outbox_followups f JOIN outbox o ON o.claim_id = f.claim_id "
            "WHERE f.state = ? AND f.purged_at IS NULL AND f.accepted_at < ? "
            "AND o.purged_at IS NOT NULL ORDER BY f.accepted_at", (ob.ACCEPTED, cutoff_iso))]

    def purge(self, followup_id: str, actor: str) -> None:
        """Delete the documents of one accepted follow-up; ids and states stay; audited."""
        with self._store.transaction() as tx:
            entry = self.get(followup_id)
            if entry.state != ob.ACCEPTED:
                raise InvalidInput(f"follow-up {followup_id} is not accepted",
                                   "Nur von der Stelle bestätigte Nachreichungen werden "
                                   "gelöscht.")
            tx.execute("DELETE FROM claim_attachments WHERE sent_in = ?", (followup_id,))
            tx.execute("UPDATE outbox_followups SET purged_at = ? WHERE id = ?",
                       (now_iso(), followup_id))
            self._store.audit(tx, "claim.followup_personal_data_deleted", actor, entry.case_id)
