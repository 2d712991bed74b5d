"""The use cases of a visit, as core operations: open or create a case, type the household,
the claims overview, a claim's own questions, the summary in the family's language, sign,
correct, withdraw. The screens and the admin command line call these and nothing below.

    visit = station.visit("counsellor:1")
    case_id = visit.create_case()
    change = visit.set_field(case_id, "applicant", "family_name", "Yıldız")
    overview = visit.claims_overview(case_id)
    claim_id = visit.add_claim(case_id, "kindergeld", child_id)
    shown = visit.summary(claim_id, "ar")
    visit.sign(claim_id, strokes, shown.sha256)
"""

from kiosk.visit.intake import FieldChange, IntakeSession
from kiosk.visit.overview import CaseOverview, ClaimRow, HintRow
from kiosk.visit.questions import ClaimQuestions, Question
from kiosk.visit.service import Visit
from kiosk.visit.summary import ClaimSummary, SummaryBlock, SummaryRow, SummarySection

__all__ = [
    "CaseOverview", "ClaimQuestions", "ClaimRow", "ClaimSummary", "FieldChange", "HintRow",
    "IntakeSession", "Question", "SummaryBlock", "SummaryRow", "SummarySection", "Visit",
]
