"""The encrypted case store: SQLCipher database, migrations, repositories, audit trail."""

from kiosk.store.database import Store
from kiosk.store.records import Case, CaseSummary, Claim, ClaimSummary
from kiosk.store.states import CLAIM_STATES

__all__ = [
    "CLAIM_STATES",
    "Case",
    "CaseSummary",
    "Claim",
    "ClaimSummary",
    "Store",
]
