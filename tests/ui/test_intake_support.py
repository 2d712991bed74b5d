"""Driving the intake screen through its real widgets (shared by the intake/visit tests)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import log_in, open_window

#: Steuer-IDs: a valid one, and the same with one digit changed (check digit fails).
VALID_TAX_ID = "86095742719"
WRONG_TAX_ID = "86095742718"


def start_case(qtbot: Any, station: Any) -> tuple[Any, Any]:
    """Log in, press "Neuer Fall" on the case list; returns (window, intake screen)."""
    window = open_window(qtbot, station)
    cases = log_in(qtbot, window)
    assert window.current_screen_name == "cases"
    qtbot.mouseClick(cases.new_button, Qt.MouseButton.LeftButton)
    intake = window.current_screen
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    return window, intake


def type_keys(target: Any, text: str) -> None:
    """One key press and release per character, any script (QTest's keyClicks only
    knows ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def type_into(qtbot: Any, widget: Any, text: str) -> None:
    """Replace the field's text key by key, as a counsellor types."""
    line = widget.line
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    type_keys(line, text)


def go_to_step(qtbot: Any, intake: Any, step_id: str) -> None:
    """Click the step in the step list."""
    for row in range(intake.steps.count()):
        if intake.steps.item(row).data(Qt.ItemDataRole.UserRole) == step_id:
            rect = intake.steps.visualItemRect(intake.steps.item(row))
            qtbot.mouseClick(intake.steps.viewport(), Qt.MouseButton.LeftButton,
                             pos=rect.center())
            assert intake.step_id == step_id
            return
    raise KeyError(step_id)


def household_of(station: Any, case_id: str) -> dict[str, Any]:
    return station.store.cases.get_case(case_id).household


def single_parent_household() -> dict[str, Any]:
    """A single mother with one school child, employed, renting (typed as in the intake)."""
    from kiosk.model import empty_household, new_child

    household = empty_household()
    household["applicant"].update(
        family_name="Petrenko", given_names="Olena", birth_date="1990-05-17",
        birth_place="Kyjiw", sex="female", nationality="UA",
        residence_status="residence_permit", marital_status="divorced", tax_id=VALID_TAX_ID)
    household["applicant"]["incomes"] = [
        {"kind": "employment", "amount_cents": 160000, "net_cents": 125000, "month": None}]
    child = new_child("c1")
    child.update(given_names="Mila", family_name="Petrenko", birth_date="2018-03-02",
                 sex="female", relationship="own", education="school")
    household["children"].append(child)
    household["address"].update(street="Bahnhofstraße", house_number="3", postcode="65185",
                                city="Wiesbaden")
    household["housing"].update(tenure="tenant", rent_cold_cents=62000,
                                service_charges_cents=15000, size_sqm=58)
    return household


def open_intake(
    qtbot: Any, station: Any, household: dict[str, Any], step: str | None = None
) -> tuple[Any, Any]:
    """A stored case with ``household``; logged in, on its intake (at ``step``)."""
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    case_id = station.store.cases.create_case(window.session.actor, household=household)
    intake = window.show_screen("intake", case_id=case_id, step=step)
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    return window, intake


def open_claims(qtbot: Any, station: Any, household: dict[str, Any]) -> tuple[Any, Any]:
    """A stored case with ``household``; logged in, on its claims screen."""
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    case_id = station.store.cases.create_case(window.session.actor, household=household)
    screen = window.show_screen("claims", case_id=case_id)
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)
    return window, screen
