"""Property tests over every form: random households and answers never put an undeclared
key into a claim, canonical bytes are stable, and arbitrary text into any field gives only
the documented results."""

from __future__ import annotations

import copy
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.forms import FORM_KEYS, check_field, load_catalog, missing, project, subjects
from kiosk.validation import MESSAGE_KEYS
from tests import households

TODAY = date(2026, 11, 25)
CATALOG = load_catalog()
FORMS = {form.id: form for form in CATALOG.all_forms()}
FIELDS = [(form.id, fld.id) for form in FORMS.values() for fld in form.fields()]
BASES = {name: households.load(name) for name in (
    "two_parents_three_children", "single_parent_three_children", "two_parents_buergergeld",
    "grandparent_with_grandchild", "arabic_cyrillic_names")}
KNOWN_KEYS = set(MESSAGE_KEYS) | set(FORM_KEYS)

scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=40) \
    | st.floats(allow_nan=True)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=3),
    max_leaves=8)
PATHS = [("applicant", "family_name"), ("applicant", "birth_date"), ("applicant", "nationality"),
         ("applicant", "marital_status"), ("applicant", "incomes"), ("housing", "tenure"),
         ("housing", "rent_cold_cents"), ("bank_account", "iban"), ("address", "postcode"),
         ("partner", None), ("children", None), ("benefits_received", None)]


def _mutated(base, edits):
    hh = copy.deepcopy(base)
    for (key, sub), value in edits:
        if sub is None:
            hh[key] = value
        elif isinstance(hh.get(key), dict):
            hh[key][sub] = value
    return hh


def _reorder(node):
    """The same JSON value with every object's keys in reverse order."""
    if isinstance(node, dict):
        return {k: _reorder(node[k]) for k in reversed(list(node))}
    if isinstance(node, list):
        return [_reorder(v) for v in node]
    return node


def _assert_declared(form, data):
    assert set(data) == {"form", "version", "subject", "sections"}
    sections = {s.id: s for s in form.sections}
    for section_id, content in data["sections"].items():
        assert section_id in sections
        declared = {f.id for f in sections[section_id].fields}
        items = content if sections[section_id].repeat else [content]
        assert isinstance(content, list) == bool(sections[section_id].repeat)
        for item in items:
            assert set(item) <= declared, set(item) - declared


answers_for = st.sampled_from(sorted(FORMS)).flatmap(lambda benefit: st.tuples(
    st.just(benefit),
    st.dictionaries(st.sampled_from([f.id for f in FORMS[benefit].fields()] + ["extra", "x"]),
                    json_values, max_size=6)))


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(answers_for, st.sampled_from(sorted(BASES)),
       st.lists(st.tuples(st.sampled_from(PATHS), json_values), max_size=3))
def test_projection_holds_only_declared_keys_and_is_stable(form_answers, base, edits):
    benefit, answers = form_answers
    form = FORMS[benefit]
    hh = _mutated(BASES[base], edits)
    for subject in subjects(form, hh, TODAY)[:3]:
        claim = project(form, hh, answers, subject, TODAY)
        _assert_declared(form, claim.data)
        again = project(form, _reorder(copy.deepcopy(hh)), _reorder(copy.deepcopy(answers)),
                        subject, TODAY)
        assert again.canonical == claim.canonical and again.sha256 == claim.sha256
        for item in missing(form, hh, answers, subject, "uk", today=TODAY):
            assert item.kind in ("field", "document") and item.label


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), st.text(max_size=200))
def test_arbitrary_text_into_any_field_gives_none_or_a_known_key(form_field, text):
    benefit, field_id = form_field
    key = check_field(FORMS[benefit], field_id, text)
    assert key is None or key in KNOWN_KEYS, key
