"""Claims of a case, their answers, signatures and state changes.

Every state change is checked against the lifecycle (:mod:`kiosk.model.lifecycle`) inside
its transaction, so the store refuses an illegal change whoever asks for it.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput
from kiosk.store import states
from kiosk.store.cases import now_iso, refresh_case_state, require_open_case
from kiosk.store.json_codec import dumps, loads
from kiosk.store.records import Claim

if TYPE_CHECKING:
    from kiosk.store.database import Store

#: The audit event of a signed claim whose data the household changed after signing.
CHANGED_SINCE_SIGNING = "claim.changed_since_signing"

_COLUMNS = (
    "id, case_id, benefit, form_version, subject, answers, state, sha256, canonical, "
    "supersedes, signed_at, signed_by, station_id"
)


def _claim(row: Any) -> Claim:
    cid, case_id, benefit, version, subject, answers, state, sha, canonical, *signed = row
    supersedes, signed_at, signed_by, station_id = signed
    return Claim(
        cid, case_id, benefit, version, subject, loads(answers) or {}, state, sha, canonical,
        supersedes=supersedes, signed_at=signed_at, signed_by=signed_by, station_id=station_id,
    )


def _not_found(claim_id: str) -> InvalidInput:
    return InvalidInput(f"no claim with id {claim_id}", "Diesen Antrag gibt es nicht.")


def _frozen(claim_id: str, state: str) -> InvalidInput:
    return InvalidInput(
        f"claim {claim_id} is {state}; only draft claims can be changed",
        "Dieser Antrag ist bereits unterschrieben und kann nicht mehr geändert werden. "
        "Er kann nur korrigiert (neu unterschrieben) oder zurückgezogen werden.",
    )


class ClaimRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _state_of(self, tx: Any, claim_id: str) -> tuple[str, str]:
        row = tx.execute("SELECT state, case_id FROM claims WHERE id = ?", (claim_id,)).fetchone()
        if row is None:
            raise _not_found(claim_id)
        return row[0], row[1]

    def _editable(self, tx: Any, claim_id: str) -> str:
        """The claim's case id, if the claim is still a draft of a case not withdrawn."""
        state, case_id = self._state_of(tx, claim_id)
        if state != states.DRAFT:
            raise _frozen(claim_id, state)
        require_open_case(tx, case_id)
        return case_id

    def _insert(self, tx: Any, case_id: str, benefit: str, form_version: str,
                subject: str | None, answers: dict[str, Any],
                supersedes: str | None = None) -> str:
        claim_id = uuid.uuid4().hex
        ts = now_iso()
        tx.execute(
            "INSERT INTO claims (id, case_id, benefit, form_version, subject, answers, state, "
            "supersedes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (claim_id, case_id, benefit, form_version, subject, dumps(answers), states.DRAFT,
             supersedes, ts, ts),
        )
        return claim_id

    def add_claim(
        self, case_id: str, benefit: str, form_version: str, subject: str | None, actor: str
    ) -> str:
        with self._store.transaction() as tx:
            require_open_case(tx, case_id)
            claim_id = self._insert(tx, case_id, benefit, form_version, subject, {})
            refresh_case_state(tx, case_id)
            self._store.audit(tx, f"claim.added:{benefit}", actor, case_id)
        return claim_id

    def save_answers(self, claim_id: str, answers: dict[str, Any], actor: str) -> None:
        with self._store.transaction() as tx:
            case_id = self._editable(tx, claim_id)
            tx.execute(
                "UPDATE claims SET answers = ?, updated_at = ? WHERE id = ?",
                (dumps(answers), now_iso(), claim_id),
            )
            self._store.audit(tx, "claim.answers_saved", actor, case_id)

    def remove_claim(self, claim_id: str, actor: str) -> None:
        """Remove a draft claim (nothing was signed, nothing needs keeping)."""
        with self._store.transaction() as tx:
            case_id = self._editable(tx, claim_id)
            tx.execute("DELETE FROM signatures WHERE claim_id = ?", (claim_id,))
            tx.execute("DELETE FROM claims WHERE id = ?", (claim_id,))
            refresh_case_state(tx, case_id)
            self._store.audit(tx, "claim.removed", actor, case_id)

    def get_claim(self, claim_id: str) -> Claim:
        rows = self._store.read(f"SELECT {_COLUMNS} FROM claims WHERE id = ?", (claim_id,))
        if not rows:
            raise _not_found(claim_id)
        return _claim(rows[0])

    def list_claims(self, case_id: str) -> list[Claim]:
        return [
            _claim(r)
            for r in self._store.read(
                f"SELECT {_COLUMNS} FROM claims WHERE case_id = ? ORDER BY created_at, id",
                (case_id,),
            )
        ]

    def get_signature(self, claim_id: str) -> dict[str, Any] | None:
        rows = self._store.read("SELECT strokes FROM signatures WHERE claim_id = ?", (claim_id,))
        return loads(rows[0][0]) if rows else None

    def sign(
        self,
        claim_id: str,
        strokes: dict[str, Any],
        canonical: bytes,
        sha256: str,
        actor: str,
        station_id: str | None = None,
    ) -> None:
        """The family signed what it was shown: the strokes, the claim's canonical bytes and
        their hash, the station, the counsellor and the time are kept and the claim becomes
        read-only — all in one transaction (joins the caller's, if any)."""
        if hashlib.sha256(canonical).hexdigest() != sha256:
            raise InvalidInput(
                "the hash does not match the canonical claim",
                "Der Antrag hat sich beim Unterschreiben verändert. Bitte erneut unterschreiben.",
            )
        with self._store.transaction() as tx:
            case_id = self._editable(tx, claim_id)
            states.check_transition(states.DRAFT, states.SIGNED)
            ts = now_iso()
            tx.execute(
                "INSERT INTO signatures (claim_id, strokes, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(claim_id) DO UPDATE SET strokes = excluded.strokes, "
                "created_at = excluded.created_at",
                (claim_id, dumps(strokes), ts),
            )
            tx.execute(
                "UPDATE claims SET state = ?, canonical = ?, sha256 = ?, signed_at = ?, "
                "signed_by = ?, station_id = ?, updated_at = ? WHERE id = ?",
                (states.SIGNED, canonical, sha256, ts, actor, station_id, ts, claim_id),
            )
            refresh_case_state(tx, case_id)
            self._store.audit(tx, "claim.signed", actor, case_id)

    def set_state(self, claim_id: str, state: str, actor: str) -> None:
        """Move a claim to ``state``; refused unless the lifecycle allows the change."""
        with self._store.transaction() as tx:
            old, case_id = self._state_of(tx, claim_id)
            states.check_transition(old, state)
            tx.execute(
                "UPDATE claims SET state = ?, updated_at = ? WHERE id = ?",
                (state, now_iso(), claim_id),
            )
            refresh_case_state(tx, case_id)
            self._store.audit(tx, f"claim.state:{state}", actor, case_id)

    def withdraw_claim(self, claim_id: str, actor: str) -> None:
        self.set_state(claim_id, states.WITHDRAWN, actor)

    def supersede(self, claim_id: str, form_version: str, actor: str) -> str:
        """Start a correction of a signed claim: a new draft claim with the same answers that
        references the old one, and the old one superseded — one transaction. Returns the
        new claim's id."""
        with self._store.transaction() as tx:
            old = self.get_claim(claim_id)
            require_open_case(tx, old.case_id)
            states.check_transition(old.state, states.SUPERSEDED)
            new_id = self._insert(tx, old.case_id, old.benefit, form_version, old.subject,
                                  old.answers, supersedes=claim_id)
            tx.execute(
                "UPDATE claims SET state = ?, updated_at = ? WHERE id = ?",
                (states.SUPERSEDED, now_iso(), claim_id),
            )
            refresh_case_state(tx, old.case_id)
            self._store.audit(tx, "claim.state:superseded", actor, old.case_id)
            self._store.audit(tx, f"claim.correction_added:{old.benefit}", actor, old.case_id)
        return new_id

    def mark_changed_since_signing(self, claim_id: str, actor: str) -> bool:
        """Audit that the household changed what a signed claim would send
        (``claim.changed_since_signing:<claim id>``), once per claim; True when written now.
        The claim itself stays as it was signed: only a correction replaces it."""
        event = f"{CHANGED_SINCE_SIGNING}:{claim_id}"
        with self._store.transaction() as tx:
            _state, case_id = self._state_of(tx, claim_id)
            if tx.execute("SELECT 1 FROM audit WHERE event = ? LIMIT 1", (event,)).fetchone():
                return False
            self._store.audit(tx, event, actor, case_id)
        return True

    def count_by_state(self) -> dict[str, int]:
        return dict(self._store.read("SELECT state, count(*) FROM claims GROUP BY state"))
