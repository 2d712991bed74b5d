"""The household model: schema, semantic checks, paths and read helpers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from kiosk.model import (
    PathError,
    children,
    empty_household,
    get_path,
    household_income_cents,
    household_size,
    members,
    monthly_income_cents,
    set_path,
    validate_household,
)
from tests import households

REPO = Path(__file__).resolve().parents[2]
FIXTURES = sorted((REPO / "tests" / "fixtures" / "households").glob("*.json"))


def paths(problems):
    return {p.path for p in problems}


def test_household_schema_is_a_valid_2020_12_schema_with_descriptions():
    schema = json.loads((REPO / "resources/schemas/household.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")
    for name, definition in schema["$defs"].items():
        for key, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{key} has no description"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_fixture_household_is_valid(path):
    assert validate_household(json.loads(path.read_text("utf-8"))) == []


def test_a_new_household_is_valid_and_empty():
    doc = empty_household()
    assert validate_household(doc) == []
    assert doc["applicant"]["family_name"] is None
    assert doc["children"] == [] and doc["partner"] is None


def test_schema_problems_are_german_and_located_by_json_path():
    hh = households.load()
    hh["children"][1]["birth_date"] = 20160921
    hh["housing"]["rent_cold_cents"] = 980.5
    hh["applicant"]["hobby"] = "Schach"
    del hh["partner"]["given_names"]
    problems = validate_household(hh)
    assert paths(problems) >= {
        "$.children[1].birth_date", "$.housing.rent_cold_cents", "$.applicant.hobby",
        "$.partner.given_names",
    }
    by_path = {p.path: p.message for p in problems}
    assert "Pflichtangabe fehlt" in by_path["$.partner.given_names"]
    assert "Unbekanntes Feld" in by_path["$.applicant.hobby"]
    assert "ganze Zahl" in by_path["$.housing.rent_cold_cents"]


def test_semantic_checks_name_each_bad_value():
    hh = households.load()
    hh["applicant"]["tax_id"] = "36554266806"  # check digit wrong (reference example)
    hh["bank_account"]["iban"] = "DE89370400440532013001"
    hh["address"]["postcode"] = "6518"
    hh["children"][2]["birth_date"] = "2999-01-01"
    hh["children"][0]["birth_date"] = "1980-01-01"  # older than the applicant (born 1988)
    hh["partner"]["family_name"] = "Schneider\u0007"
    problems = validate_household(hh)
    assert paths(problems) >= {
        "$.applicant.tax_id", "$.bank_account.iban", "$.address.postcode",
        "$.children[2].birth_date", "$.children[0].birth_date", "$.partner.family_name",
    }
    child_older = [p for p in problems if p.path == "$.children[0].birth_date"]
    assert any(p.key == "date.child_not_younger" for p in child_older)
    assert all(p.message and p.message[0].isupper() for p in problems)


def test_duplicate_person_ids_and_unknown_benefit_person_are_problems():
    hh = households.load()
    hh["children"][1]["id"] = "c1"
    hh["benefits_received"][0]["person_id"] = "p9"
    problems = validate_household(hh)
    assert "$.children[1].id" in paths(problems)
    assert "$.benefits_received[0].person_id" in paths(problems)


def test_validate_household_does_not_raise_on_garbage():
    for garbage in (None, [], "x", 3, {"schema_version": 2}, {"applicant": []}):
        problems = validate_household(garbage)
        assert problems and all(p.path.startswith("$") for p in problems)


def test_set_path_creates_children_with_fresh_ids_and_writes_values():
    hh = empty_household()
    set_path(hh, "$.children[0].given_names", "Lena")
    set_path(hh, "$.children[1].given_names", "Paul")
    set_path(hh, "$.partner.family_name", "Schneider")
    assert [c["id"] for c in hh["children"]] == ["c1", "c2"]
    assert hh["children"][0]["lives_in_household"] is True
    assert get_path(hh, "$.children[1].given_names") == "Paul"
    assert hh["partner"]["id"] == "p2"
    set_path(hh, "$.children[0].other_parent.family_name", "Demir")
    assert hh["children"][0]["other_parent"]["given_names"] is None
    assert validate_household(hh) == []


def test_set_path_refuses_gaps_and_bad_paths():
    hh = empty_household()
    with pytest.raises(PathError):
        set_path(hh, "$.children[2].given_names", "X")
    with pytest.raises(PathError):
        set_path(hh, "children.0", "X")
    with pytest.raises(PathError):
        set_path(hh, "$", {})
    assert get_path(hh, "$.children[5].given_names", "none") == "none"


def test_read_helpers_count_people_and_money_in_cents():
    hh = households.load()
    assert household_size(hh) == 5
    assert [m.role for m in members(hh)] == ["applicant", "partner", "child", "child", "child"]
    assert [c.age(date(2026, 11, 25)) for c in children(hh)] == [14, 10, 5]
    assert monthly_income_cents(hh["applicant"]) == 185000
    assert household_income_cents(hh) == 461000
    assert household_income_cents(hh, net=True) == 340500
    hh["children"][0]["lives_in_household"] = False
    assert household_size(hh) == 4


def test_month_by_month_incomes_are_averaged_in_whole_cents():
    person = {"incomes": [
        {"kind": "employment", "amount_cents": 100000, "month": "2026-05"},
        {"kind": "employment", "amount_cents": 120001, "month": "2026-06"},
        {"kind": "maintenance", "amount_cents": 5000, "month": None},
    ]}
    assert monthly_income_cents(person) == 5000 + 110000
    assert monthly_income_cents(person, ("maintenance",)) == 5000
