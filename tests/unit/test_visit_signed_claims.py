"""A signed claim stays true: a household edit that changes what a signed claim would send
names that claim (and only that one), is audited once per claim, and the correction
replaces it; the other parent can be copied from a sibling."""

from __future__ import annotations

import pytest

from kiosk.errors import InvalidInput
from kiosk.signature.recorded import recorded_signature
from tests import households

ACTOR = "counsellor:1"


@pytest.fixture
def visit(station):
    return station.visit(ACTOR)


def _signed(visit, case_id, benefit, subject=None):
    claim_id = visit.add_claim(case_id, benefit, subject)
    visit.sign(claim_id, recorded_signature(1), visit.summary(claim_id, "de").sha256)
    return claim_id


def _changed_events(station, case_id):
    return [e["event"] for e in station.store.audit_events(case_id)
            if e["event"].startswith("claim.changed_since_signing")]


def test_an_edit_names_the_signed_claims_it_changes_and_audits_each_once(station, visit):
    case_id = visit.create_case(households.load("single_parent_three_children"))
    uv_emre = _signed(visit, case_id, "unterhaltsvorschuss", "c1")
    uv_elif = _signed(visit, case_id, "unterhaltsvorschuss", "c2")
    titles = {r.claim.id: f"{r.title} – {r.subject_name}"
              for r in visit.claims_overview(case_id).claims}
    assert titles[uv_elif].endswith("– Elif Demir")

    # A field no signed claim sends (the third child's school): nothing to sign again.
    quiet = visit.set_field(case_id, "children", "school_name", "Elly-Heuss-Schule",
                            item_path="$.children[2]")
    assert quiet.saved and quiet.needs_new_signature == ()
    assert _changed_events(station, case_id) == []

    # Elif's other parent goes to Elif's claim only.
    change = visit.set_field(case_id, "other_parent", "given_names", "Mehmet",
                             item_path="$.children[1]")
    assert change.saved
    assert change.needs_new_signature == (titles[uv_elif],)
    assert _changed_events(station, case_id) == [f"claim.changed_since_signing:{uv_elif}"]
    # Typing on: still named, never audited twice (also not by a fresh session).
    again = visit.set_field(case_id, "other_parent", "given_names", "Mehmet Ali",
                            item_path="$.children[1]")
    assert again.needs_new_signature == (titles[uv_elif],)
    fresh = station.visit(ACTOR)
    fresh.set_field(case_id, "other_parent", "given_names", "Mehmet A.",
                    item_path="$.children[1]")
    assert len(_changed_events(station, case_id)) == 1

    # The claims overview says the same; the unchanged claim stays signed and unflagged.
    rows = {r.claim.id: r for r in visit.claims_overview(case_id).claims}
    assert rows[uv_elif].changed_since_signing
    assert not rows[uv_emre].changed_since_signing
    assert visit.claim(uv_elif).state == "queued"  # kept exactly as the family signed it

    # The account holder is in both claims: now both are named, the second audited too.
    both = visit.set_field(case_id, "bank_account", "holder", "Ayşe Yildiz")
    assert set(both.needs_new_signature) == {titles[uv_emre], titles[uv_elif]}
    assert sorted(_changed_events(station, case_id)) == sorted(
        f"claim.changed_since_signing:{c}" for c in (uv_emre, uv_elif))

    # Corrected: the new drafts are what the family signs; no claim is named any more.
    visit.correct(uv_emre)
    visit.correct(uv_elif)
    after = visit.set_field(case_id, "bank_account", "holder", "Ayşe Yıldız")
    assert after.needs_new_signature == ()
    assert visit.intake.needs_new_signature(case_id) == ()


def test_an_edit_taken_back_needs_no_new_signature(station, visit):
    hh = households.load("single_parent_three_children")
    case_id = visit.create_case(hh)
    _signed(visit, case_id, "unterhaltsvorschuss", "c1")
    holder = hh["bank_account"]["holder"]
    assert visit.set_field(case_id, "bank_account", "holder", holder + "x").needs_new_signature
    assert visit.set_field(case_id, "bank_account", "holder", holder).needs_new_signature == ()


def test_the_other_parent_is_copied_from_a_sibling(station, visit):
    hh = households.load("single_parent_three_children")
    case_id = visit.create_case(hh)
    # Elif's other parent: half typed, one value not yet acceptable (kept as pending).
    visit.set_field(case_id, "other_parent", "family_name", "", item_path="$.children[1]")
    visit.set_field(case_id, "other_parent", "birth_date", "31.02.1984",
                    item_path="$.children[0]")
    visit.intake.copy_from_item(case_id, "other_parent", "$.children[0]", "$.children[1]")

    stored = station.store.cases.get_case(case_id)
    emre, elif_ = stored.household["children"][0], stored.household["children"][1]
    assert elif_["other_parent"] == emre["other_parent"]
    assert elif_["other_parent"]["given_names"] == "Murat"
    assert elif_["other_parent"]["address"]["city"] == "Mainz"
    # Per child, not copied: the maintenance received for this child.
    assert elif_["maintenance_received_cents"] == hh["children"][1]["maintenance_received_cents"]
    # The input not yet acceptable came along, as typed.
    assert stored.pending["$.children[1].other_parent.birth_date"] == "31.02.1984"

    # A copy is a copy: changing Emre's afterwards leaves Elif's alone.
    visit.set_field(case_id, "other_parent", "given_names", "Mehmet", item_path="$.children[0]")
    household = visit.intake.household(case_id)
    assert household["children"][1]["other_parent"]["given_names"] == "Murat"

    with pytest.raises(InvalidInput):
        visit.intake.copy_from_item(case_id, "other_parent", "$.children[0]", "$.children[0]")
    with pytest.raises(InvalidInput):
        visit.intake.copy_from_item(case_id, "applicant", "$.children[0]", "$.children[1]")
