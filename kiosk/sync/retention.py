"""Retention: the family's personal data leaves the station a configured number of days
after the office accepted the claim and each of its follow-ups (documents handed in later);
a document still waiting to be sent is never deleted. What stays is non-personal status
(ids, states, dates, hash), and every deletion is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from kiosk.errors import InvalidInput

if TYPE_CHECKING:
    from kiosk.store.database import Store


@dataclass(frozen=True)
class PurgeItem:
    claim_id: str
    case_id: str
    accepted_at: str
    household_deleted: bool = False
    #: Set for the documents of a follow-up accepted after its claim was purged.
    followup_id: str | None = None


def purge(store: Store, retention_days: int, *, dry_run: bool = False,
          now: datetime | None = None, actor: str = "admin") -> list[PurgeItem]:
    """Delete (or with ``dry_run`` only list) the personal data of claims accepted more than
    ``retention_days`` ago."""
    now = now or datetime.now(UTC)
    cutoff = (now - timedelta(days=retention_days)).isoformat(timespec="microseconds")
    items = []
    for entry in store.outbox.purge_due(cutoff):
        assert entry.accepted_at is not None
        try:
            gone = False if dry_run else store.outbox.purge_claim(entry.claim_id, actor)
        except InvalidInput:  # a document was handed in meanwhile: kept until it is sent
            continue
        items.append(PurgeItem(entry.claim_id, entry.case_id, entry.accepted_at, gone))
    for followup in store.outbox.followups.purge_due(cutoff):
        assert followup.accepted_at is not None
        if not dry_run:
            store.outbox.followups.purge(followup.id, actor)
        items.append(PurgeItem(followup.claim_id, followup.case_id, followup.accepted_at,
                               followup_id=followup.id))
    return items
