"""Claim and case states and their German labels."""

from __future__ import annotations

from collections.abc import Iterable

DRAFT = "draft"
SIGNED = "signed"
QUEUED = "queued"
SENT = "sent"
CONFIRMED = "confirmed"
REJECTED = "rejected"
ERROR = "error"
WITHDRAWN = "withdrawn"

CLAIM_STATES = (DRAFT, SIGNED, QUEUED, SENT, CONFIRMED, REJECTED, ERROR, WITHDRAWN)

STATE_LABELS_DE = {
    DRAFT: "Entwurf",
    SIGNED: "Unterschrieben",
    QUEUED: "Wartet auf Versand",
    SENT: "Gesendet",
    CONFIRMED: "Bestätigt",
    REJECTED: "Abgelehnt",
    ERROR: "Fehler",
    WITHDRAWN: "Zurückgezogen",
}

# Which state a case shows: the one that needs attention first.
_ATTENTION = (ERROR, REJECTED, DRAFT, SIGNED, QUEUED, SENT, CONFIRMED)


def case_state(withdrawn: bool, claim_states: Iterable[str]) -> str:
    if withdrawn:
        return WITHDRAWN
    live = {s for s in claim_states if s != WITHDRAWN}
    for state in _ATTENTION:
        if state in live:
            return state
    return DRAFT
