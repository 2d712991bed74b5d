"""A withdrawn case is read-only in the store itself, not only on screen."""

from __future__ import annotations

import hashlib

import pytest

from kiosk.errors import InvalidInput
from tests import households

ACTOR = "counsellor:1"
SHA_OF_EMPTY_OBJECT = hashlib.sha256(b"{}").hexdigest()


def test_withdrawn_case_refuses_every_change_and_keeps_its_data(station):
    store = station.store
    hh = households.load()
    case_id = store.cases.create_case(ACTOR, hh)
    claim_id = store.claims.add_claim(case_id, "kindergeld", "2025-01", None, ACTOR)
    store.cases.withdraw_case(case_id, ACTOR)

    attempts = [
        lambda: store.cases.save_household(case_id, {"applicant": {}}, ACTOR),
        lambda: store.claims.add_claim(case_id, "wohngeld", "2025-01", None, ACTOR),
        lambda: store.claims.save_answers(claim_id, {"x": "y"}, ACTOR),
        lambda: store.claims.sign(claim_id, {"strokes": []}, b"{}", SHA_OF_EMPTY_OBJECT, ACTOR),
        lambda: store.claims.remove_claim(claim_id, ACTOR),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidInput) as err:
            attempt()
        assert "zurückgezogen" in err.value.user_message

    case = store.cases.get_case(case_id)
    assert case.state == "withdrawn" and case.household == hh
    assert [c.id for c in store.claims.list_claims(case_id)] == [claim_id]
    assert store.claims.get_signature(claim_id) is None
