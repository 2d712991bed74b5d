"""The PIN pad: touch buttons and keyboard, masked display, accessible and large."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from ui.widgets.pin_pad import PinPad


def make(qtbot) -> PinPad:
    pad = PinPad()
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def test_buttons_enter_a_masked_pin_and_submit(qtbot):
    pad = make(qtbot)
    for d in "246810":
        QTest.mouseClick(pad.digit_buttons[d], Qt.MouseButton.LeftButton)
    assert pad.display.echoMode() == QLineEdit.EchoMode.Password
    assert pad.display.displayText() != "246810"
    QTest.mouseClick(pad.backspace_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(pad.digit_buttons["0"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(pad.submitted) as sig:
        QTest.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)
    assert sig.args == ["246810"]


def test_keyboard_digits_backspace_and_enter(qtbot):
    pad = make(qtbot)
    pad.setFocus()
    QTest.keyClicks(pad, "12a34")
    assert pad.pin() == "1234"
    QTest.keyClick(pad, Qt.Key.Key_Backspace)
    assert pad.pin() == "123"
    with qtbot.waitSignal(pad.submitted) as sig:
        QTest.keyClick(pad, Qt.Key.Key_Return)
    assert sig.args == ["123"]


def test_empty_pin_is_not_submitted(qtbot):
    pad = make(qtbot)
    with qtbot.assertNotEmitted(pad.submitted):
        QTest.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)


def test_busy_pad_ignores_input(qtbot):
    pad = make(qtbot)
    pad.set_busy(True)
    pad.setFocus()
    QTest.keyClicks(pad, "12")
    assert pad.pin() == ""


def test_every_button_is_named_and_touch_sized(qtbot):
    pad = make(qtbot)
    buttons = [*pad.digit_buttons.values(), pad.backspace_button, pad.ok_button]
    assert len(buttons) == 12
    names = {b.accessibleName() for b in buttons}
    assert len(names) == 12 and all(names)
    for b in buttons:
        assert b.width() >= 48 and b.height() >= 48
