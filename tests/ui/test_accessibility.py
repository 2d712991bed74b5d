"""Accessibility on every screen of the shell: names, touch sizes, keyboard, text and contrast."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from tests.ui.helpers import log_in, open_window

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QListWidget)


def controls(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if isinstance(w, CONTROLS) and w.isVisible()]


def screens(qtbot, family_case, test_catalog):
    """Yield (name, window, root widget) for login, home, family and the PIN dialog."""
    station, case_id, _ = family_case
    window = open_window(qtbot, station)
    yield "login", window.current_screen
    log_in(qtbot, window)
    yield "home", window
    station.forms = test_catalog
    window.show_screen("family", case_id=case_id)
    yield "family", window.current_screen
    window.current_screen.back_button.click()
    yield "pin dialog", window.pin_dialog


def test_every_control_has_an_accessible_name_and_a_touch_size(qtbot, family_case, test_catalog):
    seen = 0
    for name, root in screens(qtbot, family_case, test_catalog):
        qtbot.waitExposed(root)
        for w in controls(root):
            seen += 1
            assert w.accessibleName(), f"{name}: {type(w).__name__} {w.objectName()!r} unnamed"
            if isinstance(w, QAbstractButton):
                assert w.width() >= 48 and w.height() >= 48, f"{name}: {w.accessibleName()}"
    assert seen > 30


def tab_cycle(start: QWidget, steps: int = 60) -> set[QWidget]:
    visited = set()
    for _ in range(steps):
        focus = QApplication.focusWidget()
        if focus is not None:
            visited.add(focus)
        QTest.keyClick(focus or start, Qt.Key.Key_Tab)
    return visited


def test_keyboard_reaches_every_button_on_login_and_family(qtbot, family_case, test_catalog):
    station, case_id, _ = family_case
    window = open_window(qtbot, station)
    with qtbot.waitActive(window):
        window.activateWindow()
    login = window.current_screen
    reached = tab_cycle(login)
    assert login.counsellors in reached
    assert login.pad.ok_button in reached and login.pad.digit_buttons["7"] in reached
    log_in(qtbot, window)
    station.forms = test_catalog
    family = window.show_screen("family", case_id=case_id)
    reached = tab_cycle(family)
    for b in (family.sign_button, family.back_button, family.language_buttons["de"]):
        assert b in reached, b.accessibleName()
    # The languages are one group, like radio buttons: Tab enters it, arrows move inside.
    family.language_buttons["de"].setFocus()
    QTest.keyClick(family.language_buttons["de"], Qt.Key.Key_Right)
    assert QApplication.focusWidget() is family.language_buttons["en"]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert family.language == "en"


@pytest.mark.parametrize("switch", ["large_text_switch", "high_contrast_switch"])
def test_switches_change_what_the_counsellor_sees(qtbot, demo_station, switch):
    window = open_window(qtbot, demo_station)
    log_in(qtbot, window)
    label = window.current_screen.findChild(QLabel, "heading")
    size = label.fontInfo().pixelSize()
    before = window.current_screen.grab().toImage().pixelColor(5, 5)
    getattr(window, switch).click()
    QApplication.processEvents()
    after = window.current_screen.grab().toImage().pixelColor(5, 5)
    try:
        if switch == "large_text_switch":
            assert label.fontInfo().pixelSize() > size
        else:
            assert after.lightness() < 40 < before.lightness()  # black background
    finally:
        getattr(window, switch).click()  # the style is application-wide
