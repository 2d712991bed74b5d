"""Claims of a case, their answers, signatures and state changes."""

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

_COLUMNS = "id, case_id, benefit, form_version, subject, answers, state, sha256, canonical"


def _claim(row: Any) -> Claim:
    cid, case_id, benefit, version, subject, answers, state, sha, canonical = row
    return Claim(
        cid, case_id, benefit, version, subject, loads(answers) or {}, state, sha, canonical
    )


def _not_found(claim_id: str) -> InvalidInput:
    return InvalidInput(f"no claim with id {claim_id}", "Diesen Antrag gibt es nicht.")


def _frozen(claim_id: str, state: str) -> InvalidInput:
    return InvalidInput(
        f"claim {claim_id} is {state}; only draft claims can be changed",
        "Dieser Antrag ist bereits unterschrieben und kann nicht mehr geändert werden. "
        "Er kann nur zurückgezogen und neu gestellt werden.",
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

    def add_claim(
        self, case_id: str, benefit: str, form_version: str, subject: str | None, actor: str
    ) -> str:
        claim_id = uuid.uuid4().hex
        ts = now_iso()
        with self._store.transaction() as tx:
            require_open_case(tx, case_id)
            tx.execute(
                f"INSERT INTO claims ({_COLUMNS}, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, '{}', ?, NULL, NULL, ?, ?)",
                (claim_id, case_id, benefit, form_version, subject, states.DRAFT, ts, ts),
            )
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

    def save_signature(self, claim_id: str, strokes: dict[str, Any], actor: str) -> None:
        """Keep the family's strokes with the (still draft) claim; replaces an earlier try."""
        with self._store.transaction() as tx:
            case_id = self._editable(tx, claim_id)
            tx.execute(
                "INSERT INTO signatures (claim_id, strokes, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(claim_id) DO UPDATE SET strokes = excluded.strokes, "
                "created_at = excluded.created_at",
                (claim_id, dumps(strokes), now_iso()),
            )
            self._store.audit(tx, "signature.saved", actor, case_id)

    def get_signature(self, claim_id: str) -> dict[str, Any] | None:
        rows = self._store.read("SELECT strokes FROM signatures WHERE claim_id = ?", (claim_id,))
        return loads(rows[0][0]) if rows else None

    def freeze(self, claim_id: str, canonical: bytes, sha256: str, actor: str) -> None:
        """Record the signed claim's canonical bytes and hash; from now on it is read-only."""
        with self._store.transaction() as tx:
            case_id = self._editable(tx, claim_id)
            if (
                tx.execute("SELECT 1 FROM signatures WHERE claim_id = ?", (claim_id,)).fetchone()
                is None
            ):
                raise InvalidInput(
                    f"claim {claim_id} has no signature",
                    "Der Antrag ist noch nicht unterschrieben.",
                )
            tx.execute(
                "UPDATE claims SET state = ?, canonical = ?, sha256 = ?, updated_at = ? "
                "WHERE id = ?",
                (states.SIGNED, canonical, sha256, now_iso(), claim_id),
            )
            refresh_case_state(tx, case_id)
            self._store.audit(tx, "claim.signed", actor, case_id)

    def sign(
        self, claim_id: str, strokes: dict[str, Any], canonical: bytes, sha256: str, actor: str
    ) -> None:
        """The family signed what it was shown: strokes, the claim's canonical bytes and their
        hash are kept and the claim becomes read-only — all in one transaction."""
        if hashlib.sha256(canonical).hexdigest() != sha256:
            raise InvalidInput(
                "the hash does not match the canonical claim",
                "Der Antrag hat sich beim Unterschreiben verändert. Bitte erneut unterschreiben.",
            )
        with self._store.transaction():
            self.save_signature(claim_id, strokes, actor)
            self.freeze(claim_id, canonical, sha256, actor)

    def set_state(self, claim_id: str, state: str, actor: str) -> None:
        if state not in states.CLAIM_STATES:
            raise InvalidInput(f"unknown claim state {state!r}", "Unbekannter Status.")
        with self._store.transaction() as tx:
            _, case_id = self._state_of(tx, claim_id)
            tx.execute(
                "UPDATE claims SET state = ?, updated_at = ? WHERE id = ?",
                (state, now_iso(), claim_id),
            )
            refresh_case_state(tx, case_id)
            self._store.audit(tx, f"claim.state:{state}", actor, case_id)

    def withdraw_claim(self, claim_id: str, actor: str) -> None:
        self.set_state(claim_id, states.WITHDRAWN, actor)

    def count_by_state(self) -> dict[str, int]:
        return dict(self._store.read("SELECT state, count(*) FROM claims GROUP BY state"))
