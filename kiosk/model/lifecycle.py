"""The claim lifecycle: its states and the only changes allowed between them.

One place decides whether a claim may move from one state to another; the store asks it
before every change, so an illegal change (draft → accepted, signed → draft …) is refused
whoever asks. States are stable English identifiers; labels are translated at the edge.

    draft ──sign──▶ signed ──queue──▶ queued ──▶ sending ──▶ sent ──▶ accepted | rejected
      │               │                 │  ▲        │          │
      │               │                 ▼  │        ▼          ▼
      │               │           needs_attention ◀─┴──────────┘
      ▼               ▼                 ▼
   withdrawn   superseded | withdrawn  superseded | withdrawn

A signed claim is never edited: a correction is a new claim that references the old one,
and the old one becomes ``superseded`` (possible while it has not left the station).
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.errors import InvalidInput

DRAFT = "draft"
SIGNED = "signed"
QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
ACCEPTED = "accepted"
REJECTED = "rejected"
NEEDS_ATTENTION = "needs_attention"
WITHDRAWN = "withdrawn"
SUPERSEDED = "superseded"

CLAIM_STATES = (
    DRAFT, SIGNED, QUEUED, SENDING, SENT, ACCEPTED, REJECTED, NEEDS_ATTENTION, WITHDRAWN,
    SUPERSEDED,
)

#: Every allowed change; anything else is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({SIGNED, WITHDRAWN}),
    SIGNED: frozenset({QUEUED, SUPERSEDED, WITHDRAWN}),
    QUEUED: frozenset({SENDING, NEEDS_ATTENTION, SUPERSEDED, WITHDRAWN}),
    # Back to queued: a dropped connection before the office had it; the outbox resumes.
    SENDING: frozenset({SENT, QUEUED, NEEDS_ATTENTION}),
    SENT: frozenset({ACCEPTED, REJECTED, NEEDS_ATTENTION}),
    NEEDS_ATTENTION: frozenset({QUEUED, SENDING, SENT, SUPERSEDED, WITHDRAWN}),
    ACCEPTED: frozenset(),
    REJECTED: frozenset(),
    WITHDRAWN: frozenset(),
    SUPERSEDED: frozenset(),
}

#: States in which the claim's data is frozen (signed; what the family signed is kept).
FROZEN = frozenset(CLAIM_STATES) - {DRAFT}
#: States from which a correction (new claim, old one superseded) can start: the claim has
#: been signed but has not reached the office yet.
CORRECTABLE = frozenset(s for s, nxt in TRANSITIONS.items() if SUPERSEDED in nxt)
#: States a family sees in family mode (withdrawn and superseded claims are not shown).
SHOWN_TO_FAMILY = frozenset(CLAIM_STATES) - {WITHDRAWN, SUPERSEDED}
#: Claims that no longer count for their case.
INACTIVE = frozenset({WITHDRAWN, SUPERSEDED})


class IllegalTransition(InvalidInput):
    """A claim state change the lifecycle does not allow."""


def allowed(old: str, new: str) -> bool:
    return new in TRANSITIONS.get(old, frozenset())


def check_transition(old: str, new: str) -> None:
    """Raise :class:`IllegalTransition` unless ``old → new`` is an allowed change."""
    if new not in TRANSITIONS:
        raise IllegalTransition(f"unknown claim state {new!r}", "Unbekannter Antragsstatus.")
    if not allowed(old, new):
        raise IllegalTransition(
            f"claim state change {old} -> {new} is not allowed",
            "Dieser Statuswechsel des Antrags ist nicht erlaubt.",
        )


# Which state a case shows: the one that needs attention first.
_ATTENTION = (NEEDS_ATTENTION, REJECTED, DRAFT, SIGNED, QUEUED, SENDING, SENT, ACCEPTED)


def case_state(withdrawn: bool, claim_states: Iterable[str]) -> str:
    """The state a case shows: withdrawn, else the most urgent state of its live claims."""
    if withdrawn:
        return WITHDRAWN
    live = {s for s in claim_states if s not in INACTIVE}
    for state in _ATTENTION:
        if state in live:
            return state
    return DRAFT
