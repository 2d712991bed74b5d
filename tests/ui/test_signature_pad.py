"""Signing on the pad with a finger, a pen and a mouse; Clear/Undo/Redo; refusals."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.i18n import Texts
from ui.widgets.signature_pad import SignatureField


@pytest.fixture
def field(qtbot):
    w = SignatureField()
    qtbot.addWidget(w)
    w.resize(700, 420)
    w.show()
    qtbot.waitExposed(w)
    return w


def name_path(pad, n: int = 40) -> list[QPoint]:
    """A wavy, name-sized path across most of the pad."""
    w, h = pad.width(), pad.height()
    return [
        QPoint(int(w * 0.1 + w * 0.75 * i / (n - 1)), int(h * 0.5 + h * 0.2 * math.sin(i / 3)))
        for i in range(n)
    ]


def touch_sign(pad, device, path: list[QPoint]) -> None:
    QTest.touchEvent(pad, device).press(0, path[0], pad).commit()
    for pt in path[1:]:
        QTest.touchEvent(pad, device).move(0, pt, pad).commit()
    QTest.touchEvent(pad, device).release(0, path[-1], pad).commit()


def mouse_sign(pad, path: list[QPoint]) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[0])
    for pt in path[1:]:
        QTest.mouseMove(pad, pt)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[-1])


def ink_pixels(widget) -> int:
    """How many pixels of the pad are dark ink (the baseline and frame are grey/thin)."""
    img: QImage = widget.grab().toImage()
    count = 0
    for y in range(8, img.height() - 8, 2):
        for x in range(8, img.width() - 8, 2):
            c = img.pixelColor(x, y)
            if c.red() < 60 and c.green() < 80 and c.blue() < 120:
                count += 1
    return count


def test_a_touch_sequence_becomes_one_stroke_that_is_drawn(field):
    pad = field.pad
    device = QTest.createTouchDevice()
    before = ink_pixels(pad)
    touch_sign(pad, device, name_path(pad))
    sig = pad.signature
    assert len(sig.strokes) == 1
    assert sig.point_count() >= 35
    assert sig.problem() is None
    ts = [p.t_ms for p in sig.strokes[0]]
    assert ts == sorted(ts)
    assert ink_pixels(pad) > before + 100
    data = field.take_signature()
    assert data is not None and len(data["strokes"]) == 1
    assert field.problem_text() is None


def test_a_second_finger_does_not_draw(field):
    pad = field.pad
    device = QTest.createTouchDevice()
    path = name_path(pad)
    QTest.touchEvent(pad, device).press(0, path[0], pad).commit()
    QTest.touchEvent(pad, device).move(0, path[1], pad).press(1, QPoint(5, 5), pad).commit()
    for pt in path[2:]:
        QTest.touchEvent(pad, device).move(0, pt, pad).stationary(1).commit()
    QTest.touchEvent(pad, device).release(0, path[-1], pad).release(1, QPoint(5, 5), pad).commit()
    assert len(pad.signature.strokes) == 1
    assert all(p.x > 10 for p in pad.signature.strokes[0])


def test_a_mouse_drag_signs(field):
    pad = field.pad
    mouse_sign(pad, name_path(pad))
    assert len(pad.signature.strokes) == 1
    assert pad.signature.problem() is None
    assert {p.pressure for p in pad.signature.strokes[0]} == {0.5}


def test_pen_pressure_is_recorded_and_widens_the_line(field, qtbot):
    pad = field.pad
    pen = QPointingDevice(
        "test pen",
        1234,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )

    def send(kind, pos: QPoint, pressure: float, buttons) -> None:
        global_pos = QPointF(pad.mapToGlobal(pos))
        ev = QTabletEvent(
            kind,
            pen,
            QPointF(pos),
            global_pos,
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            buttons,
        )
        QApplication.sendEvent(pad, ev)

    def sign(pressure: float, y_shift: int) -> None:
        path = [QPoint(p.x(), p.y() + y_shift) for p in name_path(pad)]
        send(QEvent.Type.TabletPress, path[0], pressure, Qt.MouseButton.LeftButton)
        for pt in path[1:]:
            send(QEvent.Type.TabletMove, pt, pressure, Qt.MouseButton.LeftButton)
        send(QEvent.Type.TabletRelease, path[-1], 0.0, Qt.MouseButton.NoButton)

    sign(0.15, -40)
    light = ink_pixels(pad)
    assert len(pad.signature.strokes) == 1
    assert {p.pressure for p in pad.signature.strokes[0].points[:-1]} == {0.15}
    field.clear_button.click()
    sign(0.95, -40)
    heavy = ink_pixels(pad)
    assert len(pad.signature.strokes) == 1
    assert heavy > light * 1.5


def test_empty_and_too_short_signatures_are_refused_visibly(field):
    pad = field.pad
    assert field.take_signature() is None
    assert field.message.isVisible()
    assert "noch nicht unterschrieben" in field.problem_text()
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert len(pad.signature.strokes) == 1
    assert not field.message.isVisible()  # drawing hides the old message
    assert field.take_signature() is None
    assert "zu kurz" in field.problem_text()


def test_refusal_is_shown_in_the_familys_language(field):
    field.set_texts(Texts("tr"))
    assert field.take_signature() is None
    assert field.problem_text() == Texts("tr")("signature.empty")
    assert field.undo_button.text() == "Geri al"


def test_clear_undo_redo_buttons(field):
    pad = field.pad
    assert not field.undo_button.isEnabled() and not field.clear_button.isEnabled()
    path = name_path(pad)
    mouse_sign(pad, path[:20])
    mouse_sign(pad, path[20:])
    assert len(pad.signature.strokes) == 2
    QTest.mouseClick(field.undo_button, Qt.MouseButton.LeftButton)
    assert len(pad.signature.strokes) == 1
    assert field.redo_button.isEnabled()
    QTest.mouseClick(field.redo_button, Qt.MouseButton.LeftButton)
    assert len(pad.signature.strokes) == 2
    QTest.mouseClick(field.clear_button, Qt.MouseButton.LeftButton)
    assert pad.signature.is_empty()
    assert ink_pixels(pad) < 20
    QTest.mouseClick(field.undo_button, Qt.MouseButton.LeftButton)
    assert len(pad.signature.strokes) == 2


def test_a_stored_signature_is_shown_again(field, qtbot):
    mouse_sign(field.pad, name_path(field.pad))
    data = field.take_signature()
    other = SignatureField()
    qtbot.addWidget(other)
    other.resize(700, 420)
    other.show()
    qtbot.waitExposed(other)
    other.load(data)
    assert other.pad.signature.to_dict() == data
    assert ink_pixels(other.pad) > 100


def test_controls_have_accessible_names_and_touch_sizes(field):
    for b in (field.clear_button, field.undo_button, field.redo_button):
        assert b.accessibleName()
        assert b.height() >= 48 and b.width() >= 48
    assert field.pad.accessibleName() == "Unterschriftenfeld"
