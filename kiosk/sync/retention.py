"""Retention: the family's personal data leaves the station a configured number of days
after the office accepted the claim; what stays is non-personal status (ids, states, dates,
hash), and every deletion is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store.database import Store


@dataclass(frozen=True)
class PurgeItem:
    claim_id: str
    case_id: str
    accepted_at: str
    household_deleted: bool = False


def purge(store: Store, retention_days: int, *, dry_run: bool = False,
          now: datetime | None = None, actor: str = "admin") -> list[PurgeItem]:
    """Delete (or with ``dry_run`` only list) the personal data of claims accepted more than
    ``retention_days`` ago."""
    now = now or datetime.now(UTC)
    cutoff = (now - timedelta(days=retention_days)).isoformat(timespec="microseconds")
    items = []
    for entry in store.outbox.purge_due(cutoff):
        assert entry.accepted_at is not None
        gone = False if dry_run else store.outbox.purge_claim(entry.claim_id, actor)
        items.append(PurgeItem(entry.claim_id, entry.case_id, entry.accepted_at, gone))
    return items
