"""The fast paths of the form engine give the same results as the general machinery they
stand in for: the compiled schema check vs jsonschema, the event-built YAML vs
``yaml.load``, compiled conditions vs the interpreter, and the claims overview vs
``project`` + ``missing`` per claim."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.forms import (
    check_claim,
    claims_overview,
    evaluate,
    load_catalog,
    missing,
    project,
    subjects,
)
from kiosk.forms.conditions import OPS, ConditionError, compile_condition
from kiosk.forms.files import default_resources, load_yaml
from kiosk.forms.scope import HouseholdView, Walker
from kiosk.model import validate_household
from kiosk.model.fastschema import compile_is_valid, json_equal
from kiosk.model.schema import inline_refs
from tests import households

TODAY = date(2026, 11, 25)
RESOURCES = default_resources()
CATALOG = load_catalog()
FIXTURES = sorted(p.stem for p in households.FIXTURES.glob("*.json"))


def _schema(name: str) -> dict:
    schema = json.loads((RESOURCES / "schemas" / name).read_text(encoding="utf-8"))
    return inline_refs(schema)


HOUSEHOLD_SCHEMA = _schema("household.schema.json")
FORM_SCHEMA = _schema("form.schema.json")
SCHEMAS = {
    "household": (compile_is_valid(HOUSEHOLD_SCHEMA),
                  jsonschema.Draft202012Validator(HOUSEHOLD_SCHEMA)),
    "form": (compile_is_valid(FORM_SCHEMA), jsonschema.Draft202012Validator(FORM_SCHEMA)),
}
FORM_FILES = sorted(p for p in (RESOURCES / "forms").glob("*/*.yaml")
                    if p.parent.name != "household")
FORM_DATA = [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)  # noqa: S506
             for p in FORM_FILES]

scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
           | st.sampled_from(["", "de", "DE", "own", "employment", "p1", "c1", "2020-01-01",
                              "$.applicant.family_name", "answer", "text", "household"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)


def _places(node, path=()):
    """Every (container, key) in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _places(value, (*path, index))


def _mutate(doc, picks, replacement, delete):
    doc = copy.deepcopy(doc)
    places = list(_places(doc))
    if not places:
        return doc
    for pick in picks:
        holder, key = places[pick % len(places)]
        try:
            if delete and isinstance(holder, dict):
                del holder[key]
            else:
                holder[key] = copy.deepcopy(replacement)
        except (KeyError, IndexError):
            pass
    return doc


def test_both_schemas_compile_to_the_fast_check():
    assert SCHEMAS["household"][0] is not None
    assert SCHEMAS["form"][0] is not None


@pytest.mark.parametrize("name", FIXTURES)
def test_the_fast_schema_check_agrees_on_every_fixture(name):
    fast, slow = SCHEMAS["household"]
    doc = households.load(name)
    assert fast(doc) is True is slow.is_valid(doc)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(["household", "form"]), base=st.integers(0, 100),
       picks=st.lists(st.integers(0, 10**6), min_size=1, max_size=4), replacement=values,
       delete=st.booleans())
def test_the_fast_schema_check_agrees_with_jsonschema(which, base, picks, replacement,
                                                      delete):
    fast, slow = SCHEMAS[which]
    docs = [households.load(FIXTURES[base % len(FIXTURES)])] if which == "household" \
        else [FORM_DATA[base % len(FORM_DATA)]]
    doc = _mutate(docs[0], picks, replacement, delete)
    assert fast(doc) == slow.is_valid(doc)


@given(doc=values)
def test_the_fast_schema_check_agrees_on_arbitrary_values(doc):
    for fast, slow in SCHEMAS.values():
        assert fast(doc) == slow.is_valid(doc)


def test_the_compiler_mirrors_json_schema_corners():
    check = compile_is_valid({"type": "integer", "enum": [1, 2.0, None], "maximum": 5})
    assert check is not None
    assert check(1) and check(2) and check(2.0) and not check(True) and not check(3)
    assert compile_is_valid({"type": ["string", "null"], "maxLength": 2})("ab")
    assert not compile_is_valid({"type": ["string", "null"], "maxLength": 2})("abc")
    assert compile_is_valid({"const": [1, {"a": False}]})([1.0, {"a": False}])
    assert not compile_is_valid({"const": [1, {"a": False}]})([1, {"a": 0}])
    assert compile_is_valid({"oneOf": [{"type": "integer"}, {"minimum": 0}]})(-1)
    assert not compile_is_valid({"oneOf": [{"type": "integer"}, {"minimum": 0}]})(1)
    assert compile_is_valid({"format": "email", "type": "string"})("not an email")
    assert json_equal(1, 1.0) and not json_equal(1, True) and not json_equal([0], [False])
    # What it does not mirror, it leaves to jsonschema.
    assert compile_is_valid({"$ref": "#/$defs/x"}) is None
    assert compile_is_valid({"patternProperties": {"^a": {}}}) is None
    assert compile_is_valid({"type": "thing"}) is None


# --- YAML ---------------------------------------------------------------------------------

RESOURCE_YAML = sorted(RESOURCES.glob("**/*.yaml"))


@pytest.mark.parametrize("path", RESOURCE_YAML, ids=lambda p: str(p.relative_to(RESOURCES)))
def test_every_resource_file_loads_as_yaml_load_does(path: Path):
    text = path.read_text(encoding="utf-8")
    expected = yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506
    assert repr(load_yaml(text)) == repr(expected)


TRICKY = [
    "", "a: 1", "- 1\n- 2.5\n- 2025-01-01\n- yes\n- ~\n- 'x'\n- \"2\"", "a: &x [1]\nb: *x",
    "a: &x 1\nb: &x 2\nc: *x", "&a [*a]", "a: *b", "&k a: 1", "<<: {a: 1}\nb: 2",
    "---\na\n---\nb", "a: [1, {b: c}]", "!!str 1", "? [a]\n: 1", "a: =", "=: 1",
    "a:\n  b: |\n    t\n  c: >\n    u\n", "0x1f: 0o17", "on: off", "a: 1_000", "a: .inf",
    "a: 2001-12-14t21:59:43.10-05:00", "a: !!binary aGk=", "a: {b: [c, {d: e}]}", "[a, b",
    "a: b: c", "\t- x", "a: 1\na: 2", "1: 2\n1.5: x\nnull: y\ntrue: z", "- !custom x",
    "a: 'it''s'\nb: \"\\u00e9\\n\"", "- - - x\n  - y\n- z",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_yaml_loads_or_fails_as_yaml_load_does(text):
    try:
        expected = repr(yaml.load(text, Loader=yaml.CSafeLoader))  # noqa: S506
    except yaml.YAMLError as err:
        with pytest.raises(type(err)):
            load_yaml(text)
        return
    assert repr(load_yaml(text)) == expected


def test_an_alias_is_the_very_object_of_its_anchor_as_in_pyyaml():
    data = load_yaml("a: &x {b: [1]}\nc: *x\n")
    assert data["a"] is data["c"]


@settings(max_examples=150, deadline=None)
@given(doc=values)
def test_dumped_data_loads_back_as_yaml_load_does(doc):
    for style in (False, True, None):
        text = yaml.safe_dump({"k": doc, "l": [doc, doc]}, default_flow_style=style,
                              allow_unicode=True)
        expected = yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506
        assert repr(load_yaml(text)) == repr(expected)


# --- conditions ---------------------------------------------------------------------------

NAMES = ["a", "b", "$.x", "$subject.y"]
leaf_values = st.none() | st.booleans() | st.integers(-3, 30) | st.sampled_from(
    ["", "x", "y", "2010-05-01", "2020-02-29", "bad-date"]) | st.lists(
    st.sampled_from(["x", "y", 1]), max_size=3) | st.just({})


def _leaf(op: str):
    operand = {"present": st.booleans(), "in": st.lists(leaf_values, max_size=3),
               "not_in": st.lists(leaf_values, max_size=3),
               "contains_any": st.lists(leaf_values, max_size=3),
               "contains_none": st.lists(leaf_values, max_size=3)}.get(op)
    if operand is None:
        operand = st.integers(-2, 30) if op in ("gt", "gte", "lt", "lte", "age_lt",
                                                 "age_gte") else leaf_values
    return st.builds(lambda ref, name, value: {ref: name, op: value},
                     st.sampled_from(["field", "path", "fact"]), st.sampled_from(NAMES),
                     operand)


leaves = st.one_of([_leaf(op) for op in OPS])
conditions = st.recursive(
    leaves,
    lambda inner: st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=3))
    | st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3))
    | st.builds(lambda x: {"not": x}, inner),
    max_leaves=6)


@settings(max_examples=400, deadline=None)
@given(cond=conditions, known=st.dictionaries(st.sampled_from(NAMES), leaf_values),
       today=st.none() | st.just(TODAY))
def test_compiled_conditions_agree_with_the_interpreter(cond, known, today):
    def resolve(ref, name):
        return known.get(name) if ref != "fact" else known.get("fact:" + name)

    compiled = compile_condition(
        cond, lambda ref, name: lambda a, b, c: resolve(ref, name), lambda a, b, c: today)
    assert compiled is not None

    def outcome(run):
        try:
            return bool(run())
        except TypeError as err:  # e.g. an unhashable operand: both fail alike
            return type(err)

    assert outcome(lambda: compiled(None, None, None)) == \
        outcome(lambda: evaluate(cond, resolve, today))


def test_a_condition_outside_the_grammar_is_not_compiled():
    with pytest.raises(ConditionError):
        compile_condition({"all": []}, lambda ref, name: None, lambda a, b, c: None)
    assert compile_condition(None, lambda ref, name: None, lambda a, b, c: None) is None


# --- claims -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FIXTURES)
def test_the_claims_overview_is_project_and_missing_for_every_claim(name):
    hh = households.load(name)
    answers = {("kindergeld", None): {"kg_from_month": "2026-12", "kg_public_service": "x"}}
    provided = {("wohngeld", None): ["rent_contract"]}
    overview = claims_overview(CATALOG, hh, answers, "ar", provided, TODAY)
    assert overview.problems == validate_household(hh)
    expected = [(form, subject) for form in CATALOG.all_forms()
                for subject in subjects(form, hh, TODAY)]
    assert [(c.form, c.subject) for c in overview.claims] == expected
    for check, (form, subject) in zip(overview.claims, expected, strict=True):
        mine = answers.get((form.id, subject), {})
        docs = provided.get((form.id, subject), ())
        assert check.benefit == form.id
        assert check.projection == project(form, hh, mine, subject, TODAY)
        assert check.missing == missing(form, hh, mine, subject, "ar", docs, TODAY)


def test_a_walk_shares_a_household_view_only_for_that_very_household():
    hh = households.load()
    other = households.load()
    other["applicant"]["family_name"] = "Anders"
    view = HouseholdView(hh)
    form = CATALOG.form("kindergeld")
    walker = Walker(form, other, {}, None, TODAY, view)
    assert walker.household is other
    assert check_claim(form, other, {}, None, today=TODAY, view=view).projection == \
        project(form, other, {}, None, TODAY)


def test_validate_household_never_raises_for_an_odd_person_reference():
    hh = households.load()
    hh["benefits_received"] = [{"kind": "kindergeld", "person_id": ["p1"]}]
    problems = validate_household(hh)
    assert any(p.key == "household.unknown_person" for p in problems)
