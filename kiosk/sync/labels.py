"""German words for the outbox's steps (for the admin CLI and the status bar)."""

from __future__ import annotations

OUTBOX_LABELS = {
    "queued": "Wartet auf Versand",
    "announced": "Wird gesendet",
    "submitting": "Wird übergeben",
    "submitted": "Übermittelt, wartet auf Bestätigung",
    "accepted": "Von der Stelle bestätigt",
    "rejected": "Von der Stelle abgelehnt",
    "needs_attention": "Braucht Hilfe",
    "cancelled": "Zurückgezogen, nicht gesendet",
}


def outbox_label(state: str) -> str:
    return OUTBOX_LABELS.get(state, state)


#: What a claim or follow-up whose office was asked, and has not decided yet, says.
AWAITING_DE = "Wartet auf die Bestätigung der Stelle."
