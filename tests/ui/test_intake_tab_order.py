"""The intake's tab order never links widgets of two windows (a drop-down's popup is a
window of its own). Any Qt warning fails a test here (qt_log_level_fail = WARNING), so a
``setTabOrder`` between windows would show up as a failure."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from tests import households
from tests.ui.helpers import log_in, open_window
from tests.ui.test_intake_support import open_intake
from ui.screens.intake import IntakeScreen


def _every_step(qtbot, intake):
    for step in intake.visible_steps():
        intake.show_step(step.id)
        for combo in intake.body.findChildren(QComboBox):
            assert combo.view().window() is not intake.window()  # the popup: another window
        chain_start = intake.steps.nextInFocusChain()
        while not chain_start.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain_start = chain_start.nextInFocusChain()
        fields = [b.widget for b in intake.bindings if b.widget.isVisibleTo(intake)]
        if fields:
            assert intake.body.isAncestorOf(chain_start), step.id


def test_tab_order_stays_in_the_window_on_every_step(qtbot, demo_station):
    _, intake = open_intake(
        qtbot, demo_station, households.load("two_parents_three_children"), step="applicant")
    _every_step(qtbot, intake)
    intake.show_step("children")
    intake._add_item(intake.intake.step("children"))  # noqa: SLF001 - rebuilds the step
    _every_step(qtbot, intake)


def test_a_screen_not_yet_in_the_window_sets_its_tab_order_quietly(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    log_in(qtbot, window)
    case_id = demo_station.store.cases.create_case(
        window.session.actor, households.load("two_parents_three_children"))
    intake = IntakeScreen(window, case_id)  # built, never placed in the window
    qtbot.addWidget(intake)
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    _every_step(qtbot, intake)
