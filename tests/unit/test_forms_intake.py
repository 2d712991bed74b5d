"""The household intake as data: steps, paths, typed writes into the household."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.forms import (
    FORM_KEYS,
    add_item,
    add_object,
    check_intake_value,
    field_path,
    intake_missing,
    load_intake,
    step_items,
    visible_intake_fields,
    write_field,
)
from kiosk.model import empty_household, validate_household
from kiosk.validation import MESSAGE_KEYS
from tests import households

INTAKE = load_intake()


def test_every_step_and_field_speaks_german_and_english():
    for step in INTAKE.steps:
        assert step.title["de"] and step.title["en"]
        for fld in step.fields:
            assert fld.label["de"] and fld.label["en"], fld.id
            for sub in fld.item_fields:
                assert sub.label["de"] and sub.label["en"]


def test_typing_a_family_from_scratch_gives_a_valid_household():
    hh = empty_household()
    applicant = INTAKE.step("applicant")
    assert write_field(hh, applicant.field("family_name"), " Yıldız ") is None
    assert write_field(hh, applicant.field("birth_date"), "30.09.1989") is None
    assert write_field(hh, applicant.field("tax_id"), "36 574 261 809") is None
    assert write_field(hh, applicant.field("sex"), "female") is None
    assert hh["applicant"]["family_name"] == "Yıldız"
    assert hh["applicant"]["birth_date"] == "1989-09-30"
    assert hh["applicant"]["tax_id"] == "36574261809"

    kids = INTAKE.step("children")
    first = add_item(hh, kids)
    second = add_item(hh, kids)
    assert (first.id, second.id) == ("c1", "c2")
    assert write_field(hh, kids.field("given_names"), "Elif", second) is None
    assert hh["children"][1]["given_names"] == "Elif"
    assert field_path(kids.field("given_names"), second) == "$.children[1].given_names"

    housing = INTAKE.step("housing")
    assert write_field(hh, housing.field("rent_cold"), "720,00 €") is None
    assert hh["housing"]["rent_cold_cents"] == 72000
    assert write_field(hh, housing.field("size_sqm"), "68") is None
    assert hh["housing"]["size_sqm"] == 68

    incomes = INTAKE.step("incomes")
    me = step_items(incomes, hh)[0]
    entry = [{"kind": "employment", "amount_cents": "1.200,00", "month": "2026-10"}]
    assert write_field(hh, incomes.field("incomes"), entry, me) is None
    assert hh["applicant"]["incomes"][0]["amount_cents"] == 120000
    assert validate_household(hh) == []


def test_bad_input_is_refused_and_nothing_is_written():
    hh = empty_household()
    applicant = INTAKE.step("applicant")
    assert write_field(hh, applicant.field("tax_id"), "36554266806") is not None
    assert hh["applicant"]["tax_id"] is None
    assert write_field(hh, applicant.field("sex"), "robot") == "form.choice"
    bank = INTAKE.step("bank_account")
    assert write_field(hh, bank.field("iban"), "DE00 1234") is not None
    assert hh["bank_account"]["iban"] is None


def test_show_if_follows_the_household():
    hh = empty_household()
    applicant = INTAKE.step("applicant")
    visible = {f.id for f in visible_intake_fields(applicant, hh)}
    assert "residence_permit_until" not in visible and "marital_status_since" not in visible
    write_field(hh, applicant.field("residence_status"), "residence_permit")
    write_field(hh, applicant.field("marital_status"), "divorced")
    visible = {f.id for f in visible_intake_fields(applicant, hh)}
    assert {"residence_permit_until", "marital_status_since"} <= visible


def test_other_parent_step_asks_only_for_children_whose_other_parent_lives_elsewhere():
    step = INTAKE.step("other_parent")
    assert step_items(step, households.load()) == []
    names = [i.name for i in step_items(step, households.load("single_parent_three_children"))]
    assert names == ["Emre Demir", "Elif Demir", "Deniz Yıldız"]


def test_partner_is_optional_and_created_on_demand():
    hh = empty_household()
    step = INTAKE.step("partner")
    assert not [m for m in intake_missing(INTAKE, hh) if m.id.startswith("partner.")]
    add_object(hh, step)
    assert hh["partner"]["id"] == "p2"
    gaps = [m.id for m in intake_missing(INTAKE, hh) if m.id.startswith("partner.")]
    assert "partner.family_name" in gaps


def test_intake_missing_names_the_path_to_fill():
    hh = households.load()
    assert intake_missing(INTAKE, hh) == []
    hh["children"][1]["tax_id"] = None
    gaps = intake_missing(INTAKE, hh, lang="en")
    assert [(m.id, m.path, m.label) for m in gaps] == [
        ("children.tax_id", "$.children[1].tax_id", "Tax identification number (Paul Schneider)")]


FIELDS = [(s.id, f.id) for s in INTAKE.steps for f in s.fields]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FIELDS), st.text(max_size=100))
def test_arbitrary_text_into_any_intake_field_gives_none_or_a_known_key(step_field, text):
    step_id, field_id = step_field
    key = check_intake_value(INTAKE.step(step_id).field(field_id), text)
    assert key is None or key in MESSAGE_KEYS or key in FORM_KEYS
