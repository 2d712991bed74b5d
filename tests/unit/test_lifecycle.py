"""The claim lifecycle: the store refuses every change the lifecycle does not allow."""

from __future__ import annotations

import pytest

from kiosk.model import lifecycle
from kiosk.model.lifecycle import IllegalTransition, case_state, check_transition
from kiosk.signature.recorded import recorded_signature
from tests import households

ACTOR = "counsellor:1"


@pytest.mark.parametrize(("old", "new"), [
    ("draft", "accepted"), ("draft", "queued"), ("signed", "draft"), ("accepted", "rejected"),
    ("sent", "queued"), ("superseded", "signed"), ("withdrawn", "draft"), ("signed", "bogus"),
])
def test_illegal_changes_are_refused(old, new):
    with pytest.raises(IllegalTransition):
        check_transition(old, new)


def test_every_state_is_reachable_from_draft_and_final_states_are_final():
    seen, todo = {"draft"}, ["draft"]
    while todo:
        for nxt in lifecycle.TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(lifecycle.CLAIM_STATES)
    for final in ("accepted", "rejected", "withdrawn", "superseded"):
        assert not lifecycle.TRANSITIONS[final]


def test_the_store_refuses_an_illegal_change_and_keeps_the_state(station):
    visit = station.visit(ACTOR)
    case_id = visit.create_case(households.load("single_parent_three_children"))
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    with pytest.raises(IllegalTransition):
        station.store.claims.set_state(claim_id, "accepted", ACTOR)
    assert visit.claim(claim_id).state == "draft"

    visit.sign(claim_id, recorded_signature(), visit.summary(claim_id, "de").sha256)
    with pytest.raises(IllegalTransition):
        station.store.claims.set_state(claim_id, "draft", ACTOR)
    assert visit.claim(claim_id).state == "queued"  # signing queued it
    station.store.claims.set_state(claim_id, "sending", ACTOR)
    station.store.claims.set_state(claim_id, "sent", ACTOR)
    with pytest.raises(IllegalTransition):
        visit.correct(claim_id)  # at the office already: no correction by supersede
    station.store.claims.set_state(claim_id, "accepted", ACTOR)
    assert visit.claim(claim_id).state == "accepted"
    assert visit.case(case_id).state == "accepted"
    events = [e["event"] for e in station.store.audit_events(case_id)]
    lifecycle_events = [e for e in events if e.startswith(("claim.signed", "claim.state:"))]
    assert lifecycle_events[-5:] == ["claim.signed", "claim.state:queued",
                                     "claim.state:sending", "claim.state:sent",
                                     "claim.state:accepted"]


def test_a_case_shows_its_most_urgent_claim():
    assert case_state(False, ["accepted", "needs_attention", "draft"]) == "needs_attention"
    assert case_state(False, ["superseded", "signed"]) == "signed"
    assert case_state(False, ["withdrawn"]) == "draft"
    assert case_state(True, ["signed"]) == "withdrawn"
