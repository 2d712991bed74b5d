"""A whole visit through the visit operations alone, as the screens and the CLI drive it:
create, type the household (one invalid value, corrected), claims overview, add claims,
read the summary, sign with recorded strokes, correct a signed claim."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kiosk.errors import InvalidInput
from kiosk.forms import project
from kiosk.signature.recorded import recorded_signature
from tests import households

ACTOR = "counsellor:1"


@pytest.fixture
def visit(station):
    return station.visit(ACTOR)


def test_the_core_runs_a_visit_without_qt():
    code = (
        "import sys, kiosk.visit, kiosk.app, kiosk.cli.main\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_whole_visit_headless(station, visit):
    hh = households.load("single_parent_three_children")
    case_id = visit.create_case(hh)

    # Typing: an invalid Steuer-ID is kept as typed (not in the household), then corrected.
    bad = visit.set_field(case_id, "applicant", "tax_id", "12345678901")
    assert bad.saved and bad.problem  # a German message beside the field
    stored = station.store.cases.get_case(case_id)
    assert stored.household["applicant"]["tax_id"] is None
    assert stored.pending["$.applicant.tax_id"] == "12345678901"
    good = visit.set_field(case_id, "applicant", "tax_id", "12532870461")
    assert good.saved and good.problem is None
    stored = station.store.cases.get_case(case_id)
    assert stored.household["applicant"]["tax_id"] == "12532870461"
    assert "$.applicant.tax_id" not in stored.pending

    # The overview: Unterhaltsvorschuss per child, each with its hint and reason.
    overview = visit.claims_overview(case_id)
    uv = [r for r in overview.hints if r.benefit == "unterhaltsvorschuss"]
    assert {r.subject for r in uv} == {"c1", "c2", "c3"}
    assert all(r.level and r.reason for r in uv)

    claim_ids = [visit.add_claim(case_id, "unterhaltsvorschuss", c) for c in ("c1", "c2")]
    overview = visit.claims_overview(case_id)
    assert [c.claim.id for c in overview.claims] == claim_ids

    # The family reads the first claim and signs it with recorded strokes.
    shown = visit.summary(claim_ids[0], "uk")
    assert shown.signable and shown.sha256 and not shown.signed
    assert shown.rows and shown.lang == "uk"
    signed = visit.sign(claim_ids[0], recorded_signature(1), shown.sha256)
    assert signed.state == "queued"  # signing queues the claim for its office at once
    assert signed.sha256 == shown.sha256 and signed.canonical == shown.canonical
    assert signed.station_id == station.identity.station_id and signed.signed_by == ACTOR
    assert signed.signed_at

    # What the store holds is exactly what the family was shown, and what the office gets.
    form = station.forms.form("unterhaltsvorschuss")
    household = station.store.cases.get_case(case_id).household
    answers = visit.claim(claim_ids[0]).answers
    assert project(form, household, answers, "c1").canonical == signed.canonical

    # A correction: the household changes, the signed claim says so, a new claim replaces it.
    change = visit.set_field(case_id, "applicant", "given_names", "Ayşe")
    assert change.saved
    row = next(c for c in visit.claims_overview(case_id).claims if c.claim.id == claim_ids[0])
    assert row.changed_since_signing
    new_id = visit.correct(claim_ids[0])
    old = visit.claim(claim_ids[0])
    new = visit.claim(new_id)
    assert old.state == "superseded" and new.state == "draft" and new.supersedes == old.id
    assert old.canonical == signed.canonical  # the old signed claim is kept as it was
    assert [c.id for c in visit.family_claims(case_id)] == [claim_ids[1], new_id]
    again = visit.summary(new_id, "ar")
    assert again.rtl and again.sha256 != shown.sha256
    visit.sign(new_id, recorded_signature(2), again.sha256)
    assert json.loads(visit.claim(new_id).canonical)["sections"]

    events = [e["event"] for e in station.store.audit_events(case_id)]
    assert events.count("claim.signed") == 2
    assert "claim.state:superseded" in events
    assert "claim.correction_added:unterhaltsvorschuss" in events


def test_signing_refuses_what_the_family_was_not_shown(station, visit):
    case_id = visit.create_case(households.load("single_parent_three_children"))
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    shown = visit.summary(claim_id, "de")
    # The counsellor changes the household after the family read the summary.
    visit.set_field(case_id, "applicant", "family_name", "Demir")
    with pytest.raises(InvalidInput) as err:
        visit.sign(claim_id, recorded_signature(), shown.sha256)
    assert "geändert" in err.value.user_message
    claim = visit.claim(claim_id)
    assert claim.state == "draft" and claim.canonical is None
    assert station.store.claims.get_signature(claim_id) is None


def test_an_empty_or_scribbled_signature_is_refused(visit):
    case_id = visit.create_case(households.load("single_parent_three_children"))
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    shown = visit.summary(claim_id, "de")
    empty = {"format": 1, "width": 600, "height": 200, "strokes": []}
    dot = {"format": 1, "width": 600, "height": 200, "strokes": [[[5, 5, 0, 0.5], [6, 5, 9, 0.5]]]}
    for strokes in (empty, dot):
        with pytest.raises(InvalidInput):
            visit.sign(claim_id, strokes, shown.sha256)
    assert visit.claim(claim_id).state == "draft"


def test_a_claim_for_someone_not_in_the_household_cannot_be_added(visit):
    case_id = visit.create_case(households.load("single_parent_three_children"))
    with pytest.raises(InvalidInput):
        visit.add_claim(case_id, "kindergeld", "nobody")
    with pytest.raises(InvalidInput):
        visit.add_claim(case_id, "no_such_benefit", None)


def test_answers_are_checked_once_and_kept_as_typed_when_not_acceptable(station, visit):
    case_id = visit.create_case(households.load("single_parent_three_children"))
    claim_id = visit.add_claim(case_id, "wohngeld", None)
    gaps_before = {m.id for m in visit.questions(claim_id).missing}
    assert "wg_from_month" in gaps_before

    typed = visit.answer(claim_id, "wg_from_month", "13/2026")
    month = next(q for q in typed.questions if q.key == "wg_from_month")
    assert month.problem and month.raw == "13/2026"  # kept as typed, with its message
    assert "wg_from_month" in {m.id for m in typed.missing}  # and not sent
    assert visit.claim(claim_id).answers["wg_from_month"] == "13/2026"

    fixed = visit.answer(claim_id, "wg_from_month", "2027-01")
    month = next(q for q in fixed.questions if q.key == "wg_from_month")
    assert month.problem is None
    assert "wg_from_month" not in {m.id for m in fixed.missing}
    with pytest.raises(InvalidInput):
        visit.answer(claim_id, "no_such_question", "x")


def test_withdrawing_a_case_withdraws_its_claims_and_refuses_changes(visit):
    case_id = visit.create_case(households.load("single_parent_three_children"))
    draft = visit.add_claim(case_id, "unterhaltsvorschuss", "c1")
    signed = visit.add_claim(case_id, "unterhaltsvorschuss", "c2")
    visit.sign(signed, recorded_signature(), visit.summary(signed, "de").sha256)
    visit.withdraw_case(case_id)
    assert visit.claim(draft).state == "withdrawn"
    assert visit.claim(signed).state == "withdrawn"
    assert visit.family_claims(case_id) == []
    with pytest.raises(InvalidInput):
        visit.set_field(case_id, "applicant", "family_name", "X")
