"""What the status bar and `status` show about sending: online or not, claims waiting,
the last problem in plain words (no personal data)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.store import outbox as ob

if TYPE_CHECKING:
    from kiosk.store.database import Store

#: A connection result older than this is not shown as current.
STALE_AFTER = 15 * 60.0


@dataclass(frozen=True)
class SendingStatus:
    online: bool | None  # None: not known (nothing tried recently)
    waiting: int
    needs_attention: int
    last_error: str | None


def station_sending_status(station: Any) -> SendingStatus:
    """The same for a station (what the status bar calls; screens never hold the store)."""
    return sending_status(station.store)


def sending_status(store: Store) -> SendingStatus:
    counts = store.outbox.counts()
    for state, n in store.outbox.followups.counts().items():  # documents sent after a claim
        counts[state] = counts.get(state, 0) + n
    cached = store.outbox.cache_get("connection")
    online: bool | None = None
    error = None
    if cached is not None and time.time() - float(cached[0].get("at", 0)) < STALE_AFTER:
        online = bool(cached[0].get("online"))
        error = cached[0].get("error")
    return SendingStatus(online, sum(counts.get(s, 0) for s in ob.WAITING),
                         counts.get(ob.NEEDS_ATTENTION, 0), error)
