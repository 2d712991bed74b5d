"""Eligibility hints for realistic households: the level and the plain-words reason."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.eligibility import FACTS, hints
from kiosk.forms import FormError, load_catalog
from kiosk.validation import LANGUAGES
from tests import households

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 25)
CATALOG = load_catalog()


def levels(name: str) -> dict[tuple[str, str | None], str]:
    return {(h.benefit, h.subject): h.level
            for h in hints(CATALOG, households.load(name), TODAY)}


def reason(name: str, benefit: str, subject: str | None = None, lang: str = "de") -> str:
    for hint in hints(CATALOG, households.load(name), TODAY):
        if (hint.benefit, hint.subject) == (benefit, subject):
            return hint.reason[lang]
    raise AssertionError(f"no hint for {benefit}/{subject}")


def test_single_parent_with_three_children_and_maintenance():
    got = levels("single_parent_three_children")
    # Emre's father pays 450 €, more than UVG at 14 (394 €); Elif gets 100 €; Deniz nothing.
    assert got[("unterhaltsvorschuss", "c1")] == "possible"
    assert got[("unterhaltsvorschuss", "c2")] == "likely"
    assert got[("unterhaltsvorschuss", "c3")] == "likely"
    assert got[("buergergeld", None)] == "likely"
    assert got[("kindergeld", None)] == "possible"  # already paid
    assert {got[("bildung_teilhabe", c)] for c in ("c1", "c2", "c3")} == {"possible"}
    assert "Emre" in reason("single_parent_three_children", "unterhaltsvorschuss", "c1")
    assert "Elif" in reason("single_parent_three_children", "unterhaltsvorschuss", "c2", "tr")


def test_two_parents_on_buergergeld():
    got = levels("two_parents_buergergeld")
    assert got[("wohngeld", None)] == "not_applicable"
    assert "Bürgergeld" in reason("two_parents_buergergeld", "wohngeld")
    assert got[("bildung_teilhabe", "c1")] == got[("bildung_teilhabe", "c2")] == "likely"
    assert got[("buergergeld", None)] == "possible"  # continuation, not a new main form
    assert got[("unterhaltsvorschuss", "c1")] == "not_applicable"  # both parents at home
    assert got[("kinderzuschlag", None)] == "not_applicable"  # 520 € earnings < 900 €


def test_working_family_just_above_the_buergergeld_line():
    got = levels("working_family_above_line")
    assert got[("kinderzuschlag", None)] == "likely"
    assert got[("wohngeld", None)] == "likely"
    assert got[("buergergeld", None)] == "possible"
    assert got[("bildung_teilhabe", "c1")] == "possible"


def test_grandparent_caring_for_a_grandchild():
    got = levels("grandparent_with_grandchild")
    assert got[("unterhaltsvorschuss", "c1")] == "not_applicable"
    assert "Großeltern" in reason("grandparent_with_grandchild", "unterhaltsvorschuss", "c1")
    assert got[("kindergeld", None)] == "likely"
    assert got[("kinderzuschlag", None)] == "not_applicable"  # a pension is not earnings


def test_family_with_arabic_and_cyrillic_names():
    got = levels("arabic_cyrillic_names")
    assert got[("bildung_teilhabe", "c1")] == "possible"  # KiZ applied for
    assert got[("kinderzuschlag", None)] == "likely"
    assert got[("kindergeld", None)] == "likely"
    assert "ليلى" in reason("arabic_cyrillic_names", "kindergeld", lang="ar")


def test_two_parents_three_children():
    got = levels("two_parents_three_children")
    assert got[("kinderzuschlag", None)] == "likely"
    assert {got[("unterhaltsvorschuss", c)] for c in ("c1", "c2", "c3")} == {"not_applicable"}


def test_remarriage_and_shared_care_rule_out_uvg():
    hh = households.load("single_parent_three_children")
    hh["children"][2]["shared_care"] = True
    got = {(h.benefit, h.subject): h.level for h in hints(CATALOG, hh, TODAY)}
    assert got[("unterhaltsvorschuss", "c3")] == "not_applicable"
    hh["applicant"]["marital_status"] = "married"
    got = {(h.benefit, h.subject): h for h in hints(CATALOG, hh, TODAY)}
    assert got[("unterhaltsvorschuss", "c2")].level == "not_applicable"
    assert "verheiratet" in got[("unterhaltsvorschuss", "c2")].reason["de"]


def test_a_child_turning_18_ends_uvg_and_bu_t_ends_at_25():
    hh = households.load("single_parent_three_children")
    hh["children"][0]["birth_date"] = "2008-11-25"
    got = {(h.benefit, h.subject): h.level for h in hints(CATALOG, hh, TODAY)}
    assert got[("unterhaltsvorschuss", "c1")] == "not_applicable"
    hh["children"][0]["birth_date"] = "2001-01-01"
    got = {(h.benefit, h.subject): h.level for h in hints(CATALOG, hh, TODAY)}
    assert got[("bildung_teilhabe", "c1")] == "not_applicable"


def test_every_hint_has_a_reason_in_all_six_languages_and_a_known_level():
    for name in ("two_parents_three_children", "single_parent_three_children",
                 "two_parents_buergergeld", "working_family_above_line",
                 "grandparent_with_grandchild", "arabic_cyrillic_names"):
        for hint in hints(CATALOG, households.load(name), TODAY):
            assert hint.level in ("likely", "possible", "not_applicable")
            assert set(LANGUAGES) <= set(hint.reason)
            assert all("{child}" not in text for text in hint.reason.values())


def test_hints_never_fail_on_an_empty_or_odd_household():
    for doc in ({}, {"applicant": None, "children": "x"}, None):
        result = hints(CATALOG, doc, TODAY)
        assert {h.benefit for h in result} == set(CATALOG.benefits())


def test_a_broken_rules_file_is_named(tmp_path):
    copy = tmp_path / "resources"
    shutil.copytree(REPO / "resources", copy)
    path = copy / "eligibility" / "wohngeld.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["rules"][0]["when"] = {"fact": "lottery_win", "equals": True}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(FormError) as info:
        hints(load_catalog(copy), households.load(), TODAY)
    assert info.value.file == "eligibility/wohngeld.yaml"
    assert info.value.field == "rule 1" and "lottery_win" in info.value.reason


def test_rules_only_name_documented_facts():
    for path in (REPO / "resources" / "eligibility").glob("*.yaml"):
        if path.name == "rates.yaml":
            continue
        text = path.read_text("utf-8")
        for line in text.splitlines():
            if "fact:" in line:
                name = line.split("fact:")[1].split(",")[0].strip().strip("'\"")
                assert name in FACTS, (path.name, name)



json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3), max_leaves=5)
KEYS = ["birth_date", "relationship", "relationship_partner", "marital_status", "incomes",
        "maintenance_received_cents", "shared_care", "other_parent", "lives_in_household"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(KEYS), json_values, st.sampled_from(["applicant", "child"]))
def test_hints_never_fail_whatever_a_field_holds(key, value, who):
    hh = households.load("single_parent_three_children")
    (hh["applicant"] if who == "applicant" else hh["children"][0])[key] = value
    for hint in hints(CATALOG, hh, TODAY):
        assert hint.level in ("likely", "possible", "not_applicable")
