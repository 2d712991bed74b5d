"""What a claim still lacks, for realistic households, in German and the family's language."""

from __future__ import annotations

from datetime import date

from kiosk.forms import load_catalog, missing
from tests import households

TODAY = date(2026, 11, 25)
CATALOG = load_catalog()


def ids(name, benefit, answers=None, subject=None, provided=()):
    return [(m.kind, m.id) for m in missing(CATALOG.form(benefit), households.load(name),
                                            answers or {}, subject, today=TODAY,
                                            provided_documents=provided)]


def test_uvg_for_a_child_of_a_divorced_mother_with_a_maintenance_title():
    assert ids("single_parent_three_children", "unterhaltsvorschuss", subject="c2") == [
        ("field", "uvg_from_month"), ("field", "uvg_lives_with_other_parent"),
        ("field", "uvg_orphan_pension"), ("field", "uvg_cooperation"),
        ("document", "birth_certificate"), ("document", "paternity_deed"),
        ("document", "maintenance_title_copy"), ("document", "separation_proof"),
    ]


def test_uvg_for_a_child_whose_father_is_unknown_needs_no_paternity_papers():
    got = ids("single_parent_three_children", "unterhaltsvorschuss", subject="c3",
              answers={"uvg_from_month": "2026-12", "uvg_lives_with_other_parent": False,
                       "uvg_orphan_pension": False, "uvg_cooperation": True},
              provided=["birth_certificate"])
    # Deniz's other parent: name known, birth date unknown, paternity not established.
    assert got == [("document", "separation_proof")]


def test_kindergeld_for_a_grandchild_asks_for_the_registration_certificate():
    assert ids("grandparent_with_grandchild", "kindergeld") == [
        ("field", "child_other_claimant[c1]"), ("field", "kg_from_month"),
        ("field", "kg_public_service"), ("field", "kg_abroad"),
        ("document", "registration[c1]"),
    ]


def test_lunch_claim_of_a_family_on_buergergeld():
    assert ids("two_parents_buergergeld", "bildung_teilhabe", subject="c1:lunch") == [
        ("field", "but_basis"), ("field", "lunch_provider"), ("field", "lunch_days_per_week"),
        ("document", "benefit_notice"), ("document", "lunch_confirmation"),
    ]


def test_buergergeld_for_non_german_applicants_asks_for_the_residence_permit():
    got = ids("arabic_cyrillic_names", "buergergeld")
    assert ("document", "residence_permit") in got
    assert ("field", "health_insurer") in got
    assert ("document", "heating_bill") in got


def test_a_missing_household_value_points_to_where_it_is_entered():
    hh = households.load("working_family_above_line")
    hh["housing"]["size_sqm"] = None
    hh["partner"]["tax_id"] = "36554266806"  # wrong check digit
    gaps = missing(CATALOG.form("kinderzuschlag"), hh, {}, today=TODAY)
    by_id = {m.id: m for m in gaps}
    assert by_id["size_sqm"].path == "$.housing.size_sqm"
    assert by_id["partner_tax_id"].path == "$.partner.tax_id"
    assert by_id["partner_tax_id"].problem is not None


def test_labels_come_in_the_family_language():
    form = CATALOG.form("wohngeld")
    hh = households.load("arabic_cyrillic_names")
    labels = {m.id: m.label for m in missing(form, hh, {}, lang="uk", today=TODAY)}
    assert labels["rental_contract"] == "Договір оренди"
    assert labels["wg_from_month"] == "Wohngeld запитується з (місяць)"
    labels_ar = {m.id: m.label for m in missing(form, hh, {}, lang="ar", today=TODAY)}
    assert labels_ar["rental_contract"] == "عقد الإيجار"


def test_a_complete_claim_lacks_nothing():
    answers = {"wg_from_month": "2026-12", "wg_social_housing": False, "wg_subletting": False,
               "wg_assets_significant": False}
    docs = ["rental_contract", "landlord_certificate", "income_proof", "id_card"]
    assert ids("working_family_above_line", "wohngeld", answers, provided=docs) == []


def test_kinderzuschlag_for_two_parents_with_three_children():
    assert ids("two_parents_three_children", "kinderzuschlag") == [
        ("field", "kiz_kindergeld_number"), ("field", "kiz_assets_significant"),
        ("field", "kiz_buergergeld_pending"), ("document", "income_proof_6m"),
        ("document", "rent_proof"), ("document", "heating_bill"),
    ]
