"""The claim PDFs kept with their claims (inside the encrypted database): sealed, or waiting
for the station's seal where it had none when the family signed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.store.cases import now_iso

if TYPE_CHECKING:
    from kiosk.store.database import Store


@dataclass(frozen=True)
class StoredDocument:
    claim_id: str
    pdf: bytes
    sealed: bool
    created_at: str
    sealed_at: str | None


class DocumentRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def save(self, tx: Any, claim_id: str, pdf: bytes, sealed: bool, actor: str,
             case_id: str) -> None:
        """Keep the claim's PDF, inside the caller's transaction (the signing one)."""
        ts = now_iso()
        tx.execute(
            "INSERT INTO claim_documents (claim_id, pdf, sealed, created_at, sealed_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (claim_id, pdf, int(sealed), ts, ts if sealed else None))
        self._store.audit(tx, "claim.document_sealed" if sealed else "claim.document_unsealed",
                          actor, case_id)

    def get(self, claim_id: str) -> StoredDocument | None:
        rows = self._store.read(
            "SELECT claim_id, pdf, sealed, created_at, sealed_at FROM claim_documents "
            "WHERE claim_id = ?", (claim_id,))
        if not rows:
            return None
        cid, pdf, sealed, created, sealed_at = rows[0]
        return StoredDocument(cid, bytes(pdf), bool(sealed), created, sealed_at)

    def unsealed(self) -> list[str]:
        """Claim ids whose PDF still waits for the station's seal."""
        return [r[0] for r in self._store.read(
            "SELECT claim_id FROM claim_documents WHERE sealed = 0 ORDER BY created_at")]

    def mark_sealed(self, claim_id: str, pdf: bytes, actor: str, case_id: str) -> None:
        """Replace an unsealed PDF by the same PDF with the seal appended."""
        with self._store.transaction() as tx:
            ts = now_iso()
            tx.execute("UPDATE claim_documents SET pdf = ?, sealed = 1, sealed_at = ? "
                       "WHERE claim_id = ? AND sealed = 0", (pdf, ts, claim_id))
            self._store.audit(tx, "claim.document_sealed", actor, case_id)
