"""Input kept as typed (not yet acceptable) follows its person when a list item is removed:
its own entries go with it, the entries of later items move up by one."""

from __future__ import annotations

from kiosk.visit.intake import shift_pending
from tests import households

ACTOR = "counsellor:1"


def test_entries_of_the_removed_item_go_and_later_ones_move_up():
    pending = {
        "$.children[0].birth_date": "30.02.2019",
        "$.children[1].birth_date": "31.04.2020",
        "$.children[2].tax_id": "123",
        "$.children[2].incomes[0].month": "2026-1",
        "$.applicant.tax_id": "86095742718",
        "$.children_extra[1].x": "kept",  # another list whose name starts alike
    }
    assert shift_pending(pending, "$.children", 1) == {
        "$.children[0].birth_date": "30.02.2019",
        "$.children[1].tax_id": "123",
        "$.children[1].incomes[0].month": "2026-1",
        "$.applicant.tax_id": "86095742718",
        "$.children_extra[1].x": "kept",
    }
    assert shift_pending(pending, "$.children", 5) == pending  # nothing after it


def test_removing_a_child_keeps_the_next_childs_typed_date_with_that_child(station):
    visit = station.visit(ACTOR)
    case_id = visit.create_case(households.load("two_parents_three_children"))
    intake = visit.intake
    children = intake.household(case_id)["children"]
    assert len(children) == 3
    third_name = children[2]["given_names"]
    change = intake.set_field(case_id, "children", "birth_date", "30.02.2019",
                              "$.children[2]")
    assert change.saved and change.problem
    intake.remove_item(case_id, "children", "$.children[0]")

    stored = station.store.cases.get_case(case_id)
    assert [c["given_names"] for c in stored.household["children"]][1] == third_name
    assert stored.pending == {"$.children[1].birth_date": "30.02.2019"}
