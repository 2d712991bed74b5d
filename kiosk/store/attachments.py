"""Supporting documents (Nachweise) kept with their claims, inside the encrypted database."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput
from kiosk.store.cases import now_iso

if TYPE_CHECKING:
    from kiosk.store.database import Store

_COLUMNS = "id, claim_id, document_id, mime, size, sha256, created_at"


@dataclass(frozen=True)
class Attachment:
    """One attached document (without its bytes): for which of the form's documents
    (``document_id``, ``id[item]`` for one per child), its type, size and SHA-256."""

    id: str
    claim_id: str
    document_id: str
    mime: str
    size: int
    sha256: str
    created_at: str


def _not_found(attachment_id: str) -> InvalidInput:
    return InvalidInput(f"no attachment {attachment_id}",
                        "Diesen Nachweis gibt es nicht (mehr).")


class AttachmentRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, tx: Any, claim_id: str, document_id: str, mime: str, data: bytes,
            actor: str, case_id: str) -> str:
        """Keep a cleaned document with its claim, inside the caller's transaction."""
        attachment_id = uuid.uuid4().hex
        tx.execute(
            "INSERT INTO claim_attachments (id, claim_id, document_id, mime, data, size, "
            "sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (attachment_id, claim_id, document_id, mime, data, len(data),
             hashlib.sha256(data).hexdigest(), now_iso(), actor))
        self._store.audit(tx, "claim.attachment_added", actor, case_id)
        return attachment_id

    def remove(self, tx: Any, attachment_id: str, actor: str, case_id: str) -> None:
        tx.execute("DELETE FROM claim_attachments WHERE id = ?", (attachment_id,))
        self._store.audit(tx, "claim.attachment_removed", actor, case_id)

    def copy_to(self, tx: Any, from_claim: str, to_claim: str, actor: str,
                case_id: str) -> int:
        """The documents of a superseded claim, attached to the claim that replaces it."""
        rows = tx.execute("SELECT document_id, mime, data FROM claim_attachments "
                          "WHERE claim_id = ? ORDER BY created_at, id", (from_claim,)).fetchall()
        for document_id, mime, data in rows:
            self.add(tx, to_claim, document_id, mime, bytes(data), actor, case_id)
        return len(rows)

    def get(self, attachment_id: str) -> Attachment:
        rows = self._store.read(f"SELECT {_COLUMNS} FROM claim_attachments WHERE id = ?",
                                (attachment_id,))
        if not rows:
            raise _not_found(attachment_id)
        return Attachment(*rows[0])

    def of_claim(self, claim_id: str) -> list[Attachment]:
        return [Attachment(*r) for r in self._store.read(
            f"SELECT {_COLUMNS} FROM claim_attachments WHERE claim_id = ? "
            "ORDER BY created_at, id", (claim_id,))]

    def data(self, attachment_id: str) -> bytes:
        rows = self._store.read("SELECT data FROM claim_attachments WHERE id = ?",
                                (attachment_id,))
        if not rows:
            raise _not_found(attachment_id)
        return bytes(rows[0][0])

    def with_data(self, claim_id: str) -> list[tuple[str, str, bytes]]:
        """``(document_id, mime, bytes)`` of every document of the claim, oldest first."""
        return [(d, m, bytes(b)) for d, m, b in self._store.read(
            "SELECT document_id, mime, data FROM claim_attachments WHERE claim_id = ? "
            "ORDER BY created_at, id", (claim_id,))]

    def for_claim_submission(self, claim_id: str) -> list[tuple[str, str, str, bytes]]:
        """``(id, document_id, mime, bytes)`` of the documents that go with the claim's own
        submission (not those handed in later as follow-ups), oldest first."""
        return [(i, d, m, bytes(b)) for i, d, m, b in self._store.read(
            "SELECT id, document_id, mime, data FROM claim_attachments WHERE claim_id = ? "
            "AND (sent_in IS NULL OR sent_in = claim_id) ORDER BY created_at, id",
            (claim_id,))]

    def for_followup(self, followup_id: str) -> list[tuple[str, str, str, bytes]]:
        """``(id, document_id, mime, bytes)`` of the documents of one follow-up."""
        return [(i, d, m, bytes(b)) for i, d, m, b in self._store.read(
            "SELECT id, document_id, mime, data FROM claim_attachments WHERE sent_in = ? "
            "ORDER BY created_at, id", (followup_id,))]

    def provided(self, claim_ids: Iterable[str]) -> dict[str, set[str]]:
        """The document ids attached, per claim (claims without any left out)."""
        ids = list(claim_ids)
        out: dict[str, set[str]] = {}
        for start in range(0, len(ids), 500):
            batch = ids[start:start + 500]
            marks = ", ".join("?" * len(batch))
            for claim_id, document_id in self._store.read(
                    f"SELECT DISTINCT claim_id, document_id FROM claim_attachments "
                    f"WHERE claim_id IN ({marks})", tuple(batch)):
                out.setdefault(claim_id, set()).add(document_id)
        return out
