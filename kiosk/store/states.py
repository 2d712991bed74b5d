"""Claim and case states as the store uses them: the lifecycle of :mod:`kiosk.model.lifecycle`,
re-exported here. Their labels come from the one catalog (``kiosk.i18n.state_label``)."""

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

__all__ = [
    "ACCEPTED", "CLAIM_STATES", "CORRECTABLE", "DRAFT", "FROZEN", "INACTIVE",
    "NEEDS_ATTENTION", "QUEUED", "REJECTED", "SENDING", "SENT", "SHOWN_TO_FAMILY", "SIGNED",
    "SUPERSEDED", "WITHDRAWN", "case_state", "check_transition",
]
