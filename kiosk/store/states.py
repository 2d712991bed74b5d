"""Claim and case states as the store uses them: the lifecycle of :mod:`kiosk.model.lifecycle`
(re-exported here), and German labels for the admin command line until every edge
translates through the one catalog."""

from __future__ import annotations

from kiosk.model.lifecycle import (
    ACCEPTED,
    CLAIM_STATES,
    CORRECTABLE,
    DRAFT,
    FROZEN,
    INACTIVE,
    NEEDS_ATTENTION,
    QUEUED,
    REJECTED,
    SENDING,
    SENT,
    SHOWN_TO_FAMILY,
    SIGNED,
    SUPERSEDED,
    WITHDRAWN,
    case_state,
    check_transition,
)

STATE_LABELS_DE = {
    DRAFT: "Entwurf",
    SIGNED: "Unterschrieben",
    QUEUED: "Wartet auf Versand",
    SENDING: "Wird gesendet",
    SENT: "Gesendet",
    ACCEPTED: "Angenommen",
    REJECTED: "Abgelehnt",
    NEEDS_ATTENTION: "Bitte prüfen",
    WITHDRAWN: "Zurückgezogen",
    SUPERSEDED: "Ersetzt durch Korrektur",
}

__all__ = [
    "ACCEPTED", "CLAIM_STATES", "CORRECTABLE", "DRAFT", "FROZEN", "INACTIVE",
    "NEEDS_ATTENTION", "QUEUED", "REJECTED", "SENDING", "SENT", "SHOWN_TO_FAMILY", "SIGNED",
    "STATE_LABELS_DE", "SUPERSEDED", "WITHDRAWN", "case_state", "check_transition",
]
