"""Claims as projections: only declared fields, canonical bytes, one claim per subject."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from kiosk.forms import (
    SubjectError,
    canonical_bytes,
    check_field,
    load_catalog,
    project,
    subjects,
    visible_fields,
)
from tests import households

TODAY = date(2026, 11, 25)
CATALOG = load_catalog()


def test_kindergeld_claim_carries_applicant_partner_account_and_one_annex_per_child():
    hh = households.load()
    answers = {"kg_from_month": "2026-12", "kg_public_service": False, "kg_abroad": False,
               "child_other_claimant": {"c1": False, "c2": False, "c3": False}}
    claim = project(CATALOG.form("kindergeld"), hh, answers, today=TODAY)
    sections = claim.data["sections"]
    assert claim.data["form"] == "kindergeld" and claim.data["subject"] is None
    assert sections["applicant"]["family_name"] == "Schneider"
    assert sections["applicant"]["tax_id"] == "36574261809"
    assert "residence_status" not in sections["applicant"]  # German citizen: not asked
    assert sections["partner"]["partner_given_names"] == "Thomas"
    assert sections["bank"]["iban"] == "DE89370400440532013000"
    assert [c["child_given_names"] for c in sections["children"]] == ["Lena", "Paul", "Mia"]
    assert all(c["child_other_claimant"] is False for c in sections["children"])
    # Kindergeld does not need the rent or anyone's income: it never leaves for this office.
    raw = claim.canonical.decode("utf-8")
    assert "98000" not in raw and "276000" not in raw  # cold rent, partner's pay
    assert "rent" not in raw and "incomes" not in raw


def test_the_office_receives_no_field_the_form_does_not_declare():
    hh = households.load()
    form = CATALOG.form("wohngeld")
    claim = project(form, hh, {"wg_from_month": "2026-12", "smuggled": "secret",
                               "tax_id": "86095742719"})
    declared = {f.id for f in form.fields()}
    for content in claim.data["sections"].values():
        items = content if isinstance(content, list) else [content]
        for item in items:
            assert set(item) <= declared
    assert "secret" not in claim.canonical.decode()
    # an answer may not overwrite a household value: tax_id is not an answer field here
    assert claim.data["sections"]["applicant"]["tax_id"] == "36574261809"


def test_wohngeld_lists_every_member_with_their_income_in_cents():
    claim = project(CATALOG.form("wohngeld"), households.load(), {})
    members = claim.data["sections"]["members"]
    assert len(members) == 5
    assert members[0]["member_incomes"] == [
        {"kind": "employment", "amount_cents": 185000, "net_cents": 142000,
         "description": "Teilzeit, Einzelhandel"}]
    assert claim.data["sections"]["housing"]["rent_cold"] == 98000


def test_canonical_bytes_are_sorted_compact_utf8_and_hashed():
    hh = households.load("arabic_cyrillic_names")
    claim = project(CATALOG.form("buergergeld"), hh, {"health_insurer": "AOK Hessen"})
    assert claim.canonical == json.dumps(claim.data, sort_keys=True, ensure_ascii=False,
                                         separators=(",", ":")).encode("utf-8")
    assert "الحسن".encode() in claim.canonical and "Коваленко".encode() in claim.canonical
    assert claim.sha256 == hashlib.sha256(claim.canonical).hexdigest()
    again = project(CATALOG.form("buergergeld"), json.loads(json.dumps(hh)),
                    {"health_insurer": "AOK Hessen"})
    assert again.canonical == claim.canonical


def test_floats_never_enter_a_claim():
    with pytest.raises(TypeError):
        canonical_bytes({"amount": 1.5})
    hh = households.load()
    hh["housing"]["rent_cold_cents"] = 980.0
    claim = project(CATALOG.form("wohngeld"), hh, {})
    assert "rent_cold" not in claim.data["sections"]["housing"]


def test_answers_are_typed_and_normalised_as_the_field_says():
    form = CATALOG.form("bildung_teilhabe")
    hh = households.load("two_parents_buergergeld")
    claim = project(form, hh, {"but_basis": "buergergeld", "trip_cost": "1.234,50",
                               "trip_destination": " Jugendherberge Oberwesel ",
                               "trip_start": "02.03.2027"}, "c1:school_trips", TODAY)
    trip = claim.data["sections"]["school_trip"]
    assert trip == {"trip_cost": 123450, "trip_destination": "Jugendherberge Oberwesel",
                    "trip_start": "2027-03-02"}
    assert "lunch" not in claim.data["sections"]  # the lunch part is for the lunch claim


def test_invalid_answers_are_left_out_not_sent():
    form = CATALOG.form("unterhaltsvorschuss")
    hh = households.load("single_parent_three_children")
    claim = project(form, hh, {"uvg_from_month": "März", "uvg_orphan_pension": "vielleicht"},
                    "c2", TODAY)
    assert "claim" not in claim.data["sections"]


def test_uvg_makes_one_claim_per_child_under_18_and_bu_t_one_per_child_and_kind():
    hh = households.load("single_parent_three_children")
    assert subjects(CATALOG.form("unterhaltsvorschuss"), hh, TODAY) == ["c1", "c2", "c3"]
    hh["children"][0]["birth_date"] = "2008-01-01"  # 18 now
    assert subjects(CATALOG.form("unterhaltsvorschuss"), hh, TODAY) == ["c2", "c3"]
    but = subjects(CATALOG.form("bildung_teilhabe"), hh, TODAY)
    assert "c3:lunch" in but and "c3:tutoring" not in but  # Kita child: no tutoring
    assert "c2:transport" in but
    assert subjects(CATALOG.form("kindergeld"), hh, TODAY) == [None]


def test_a_uvg_claim_is_about_its_child_only():
    hh = households.load("single_parent_three_children")
    claim = project(CATALOG.form("unterhaltsvorschuss"), hh, {}, "c2", TODAY)
    assert claim.data["subject"] == "c2"
    assert claim.data["sections"]["child"]["child_given_names"] == "Elif"
    assert claim.data["sections"]["other_parent"]["op_family_name"] == "Demir"
    raw = claim.canonical.decode()
    assert "Emre" not in raw and "Deniz" not in raw


def test_wrong_subjects_are_refused():
    hh = households.load()
    with pytest.raises(SubjectError):
        project(CATALOG.form("unterhaltsvorschuss"), hh, {}, None)
    with pytest.raises(SubjectError):
        project(CATALOG.form("unterhaltsvorschuss"), hh, {}, "c9")
    with pytest.raises(SubjectError):
        project(CATALOG.form("bildung_teilhabe"), hh, {}, "c1:holiday")
    with pytest.raises(SubjectError):
        project(CATALOG.form("kindergeld"), hh, {}, "c1")


def test_show_if_hides_fields_and_they_are_not_sent():
    form = CATALOG.form("kindergeld")
    hh = households.load("arabic_cyrillic_names")
    shown = {s.key for s in visible_fields(form, hh, {})}
    assert {"residence_status", "residence_permit_until"} <= shown  # Syrian citizen
    hh["applicant"]["nationality"] = "DE"
    hh["applicant"]["residence_status"] = "citizen"
    shown = {s.key for s in visible_fields(form, hh, {})}
    assert "residence_status" not in shown and "residence_permit_until" not in shown
    claim = project(form, hh, {})
    assert "residence_permit_until" not in claim.data["sections"]["applicant"]


def test_check_field_gives_message_keys_while_typing():
    form = CATALOG.form("bildung_teilhabe")
    assert check_field(form, "trip_cost", "12,50") is None
    assert check_field(form, "trip_cost", "zwölf") is not None
    assert check_field(form, "but_basis", "wohngeld") is None
    assert check_field(form, "but_basis", "lottery") == "form.choice"
    assert check_field(form, "lunch_days_per_week", "") is None
    assert check_field(form, "iban", "DE89 3704 0044 0532 0130 00") is None
    assert check_field(form, "iban", "DE00370400440532013000") is not None
    assert check_field(form, "nonexistent", "x") == "form.unknown_field"
