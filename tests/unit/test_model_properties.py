"""Property tests: validate_household never raises and only returns located problems."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.model import Problem, empty_household, validate_household
from tests import households

BASE = households.load()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner,
                                                               max_size=3),
    max_leaves=10,
)
PERSON_KEYS = ["family_name", "given_names", "birth_name", "birth_date", "birth_place", "sex",
               "nationality", "tax_id", "email", "phone", "marital_status_since"]


def _check(problems):
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path.startswith("$")
        assert isinstance(problem.message, str) and problem.message.strip()


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(["applicant", "partner"]), st.sampled_from(PERSON_KEYS), st.text())
def test_arbitrary_text_in_a_person_field_gives_only_problems(who, key, text):
    hh = copy.deepcopy(BASE)
    hh[who][key] = text
    _check(validate_household(hh))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(["iban", "bic", "holder"]), st.text(), st.text(max_size=12))
def test_arbitrary_account_and_postcode_give_only_problems(key, text, postcode):
    hh = copy.deepcopy(BASE)
    hh["bank_account"][key] = text
    hh["address"]["postcode"] = postcode
    _check(validate_household(hh))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(["applicant", "partner", "children", "housing", "address",
                        "bank_account", "benefits_received", "other_members"]), json_values)
def test_arbitrary_json_anywhere_gives_only_problems(key, value):
    hh = empty_household()
    hh[key] = value
    _check(validate_household(hh))
