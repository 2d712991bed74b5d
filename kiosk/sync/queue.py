"""Queueing a signed claim for its office (called by signing, inside its transaction)."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def queue_signed_claim(station: Any, claim_id: str, office: str, actor: str) -> None:
    """Put the claim into the outbox with its office's destination and LeiKa id. A station
    whose configuration lacks them still queues the claim (what the family signed is kept);
    sending then says in plain words what IT must add."""
    store = station.store
    config = station.config
    claim = store.claims.get_claim(claim_id)
    known = config.offices.get(office)
    destination = known.destination_id if known is not None else ""
    leika = config.leika.get(claim.benefit, "")
    if not destination or not leika:
        log.warning("claim %s queued without destination or LeiKa id (office %s)",
                    claim_id, office)
    store.outbox.enqueue(claim_id, office, destination, leika, actor)
