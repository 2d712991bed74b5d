"""Signing freezes a claim: what the family saw is kept byte for byte and cannot change."""

from __future__ import annotations

import pytest

from kiosk.errors import InvalidInput
from kiosk.forms import load_catalog, project
from tests import households

ACTOR = "counsellor:1"
STROKES = {"strokes": [[[10.0, 10.0, 0, 0.5], [80.0, 40.0, 120, 0.5]]]}


@pytest.fixture
def claim(station):
    hh = households.load()
    case_id = station.store.cases.create_case(ACTOR, hh)
    form = load_catalog().form("kindergeld")
    claim_id = station.store.claims.add_claim(case_id, "kindergeld", form.version, None, ACTOR)
    return station, case_id, claim_id, form, hh


def test_signing_keeps_exactly_what_was_shown_and_freezes_the_claim(claim):
    station, case_id, claim_id, form, hh = claim
    shown = project(form, hh, {}, None)
    station.store.claims.sign(claim_id, STROKES, shown.canonical, shown.sha256, ACTOR)

    signed = station.store.claims.get_claim(claim_id)
    assert signed.state == "signed"
    assert signed.canonical == shown.canonical and signed.sha256 == shown.sha256
    assert station.store.claims.get_signature(claim_id) == STROKES
    with pytest.raises(InvalidInput) as err:
        station.store.claims.save_answers(claim_id, {"x": 1}, ACTOR)
    # The counsellor is told the claim is signed and how to change it: a correction.
    assert "bereits unterschrieben" in err.value.user_message
    assert "korrigiert" in err.value.user_message
    with pytest.raises(InvalidInput):
        station.store.claims.sign(claim_id, STROKES, shown.canonical, shown.sha256, ACTOR)

    # Editing the household afterwards does not touch what was signed.
    hh["applicant"]["given_names"] = "Changed"
    station.store.cases.save_household(case_id, hh, ACTOR)
    assert station.store.claims.get_claim(claim_id).canonical == shown.canonical


def test_a_hash_that_does_not_match_is_refused_and_nothing_is_kept(claim):
    station, _, claim_id, form, hh = claim
    shown = project(form, hh, {}, None)
    with pytest.raises(InvalidInput):
        station.store.claims.sign(claim_id, STROKES, shown.canonical, "0" * 64, ACTOR)
    assert station.store.claims.get_claim(claim_id).state == "draft"
    assert station.store.claims.get_signature(claim_id) is None


def test_signing_is_one_transaction(claim, monkeypatch):
    station, _, claim_id, form, hh = claim
    shown = project(form, hh, {}, None)

    real_audit = station.store.audit

    def power_cut_at_the_audit(conn, event, *args, **kwargs):
        if event == "claim.signed":  # strokes and frozen claim are written by now
            raise RuntimeError("power cut before the signing was audited")
        return real_audit(conn, event, *args, **kwargs)

    monkeypatch.setattr(station.store, "audit", power_cut_at_the_audit)
    with pytest.raises(RuntimeError):
        station.store.claims.sign(claim_id, STROKES, shown.canonical, shown.sha256, ACTOR)
    assert station.store.claims.get_signature(claim_id) is None
    assert station.store.claims.get_claim(claim_id).state == "draft"
