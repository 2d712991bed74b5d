"""Field widgets drawn from real field definitions of the intake description: the kind of
input follows the field's type, stored values are shown as counsellors write them, every
user change is reported, showing a stored value is not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.forms import load_intake
from ui.widgets.fields import (
    ComboField,
    LineField,
    RadioChoiceField,
    YesNoField,
    display_text,
    make_field,
)


@pytest.fixture
def intake():
    return load_intake()


def _field(intake, step_id, field_id):
    return intake.step(step_id).field(field_id)


def _make(qtbot, definition):
    widget = make_field(definition, "de")
    qtbot.addWidget(widget)
    changes = []
    widget.changed.connect(changes.append)
    return widget, changes


def test_the_kind_of_input_follows_the_type(qtbot, intake):
    assert isinstance(_make(qtbot, _field(intake, "applicant", "tax_id"))[0], LineField)
    assert isinstance(_make(qtbot, _field(intake, "housing", "heating_included"))[0],
                      YesNoField)
    sex = _field(intake, "applicant", "sex")
    assert isinstance(_make(qtbot, sex)[0], ComboField if len(sex.options) > 3
                      else RadioChoiceField)
    yes_no, _ = _make(qtbot, _field(intake, "housing", "heating_included"))
    assert [b.text() for b in yes_no.buttons.values()] == ["Ja", "Nein"]


def test_stored_values_are_shown_in_german_without_reporting_a_change(qtbot, intake):
    birth, changes = _make(qtbot, _field(intake, "applicant", "birth_date"))
    birth.set_value("1988-04-03")
    assert birth.line.text() == "03.04.1988"
    rent, _ = _make(qtbot, _field(intake, "housing", "rent_cold"))
    rent.set_value(61240)
    assert rent.line.text() == "612,40"
    assert changes == []
    assert display_text("money", 5) == "0,05"


def test_choosing_with_the_keyboard_is_reported(qtbot, intake):
    tenure, changes = _make(qtbot, _field(intake, "housing", "tenure"))
    editor = tenure.focus_widget()
    editor.setFocus()
    if isinstance(tenure, ComboField):
        qtbot.keyClick(editor, Qt.Key.Key_Down)
        assert changes == [tenure.definition.options[0].value]
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Space)
        assert changes == [tenure.definition.options[0].value]


def test_label_is_the_accessible_name_and_required_is_marked(qtbot, intake):
    name, _ = _make(qtbot, _field(intake, "applicant", "family_name"))
    assert name.line.accessibleName() == "Familienname"
    assert name.label.text() == "Familienname *"
    assert name.line.minimumHeight() >= 48
    title, _ = _make(qtbot, _field(intake, "applicant", "title"))
    assert title.label.text() == "Titel"


def _wheel(widget, steps: int = -1) -> None:
    """A real mouse-wheel turn over the middle of ``widget`` (negative: towards the user)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_drop_down_scrolls_the_page_not_the_answer(qtbot, intake):
    from PySide6.QtWidgets import QLineEdit, QScrollArea, QVBoxLayout, QWidget

    definition = next(f for s in intake.steps for f in s.fields
                      if f.type == "choice" and len(f.options) > 3)
    page = QWidget()
    column = QVBoxLayout(page)
    other = QLineEdit(page)
    column.addWidget(other)
    combo_field = make_field(definition, "de", page)
    column.addWidget(combo_field)
    column.addSpacing(3000)  # a long step: there is something to scroll
    area = QScrollArea()
    area.setWidget(page)
    area.resize(400, 300)
    qtbot.addWidget(area)
    area.show()
    with qtbot.waitActive(area):
        area.activateWindow()
    changes = []
    combo_field.changed.connect(changes.append)
    combo = combo_field.combo
    other.setFocus()
    assert other.hasFocus() and not combo.hasFocus()

    _wheel(combo)
    assert combo.currentIndex() == 0 and changes == []  # the answer stays unchosen
    assert area.verticalScrollBar().value() > 0  # the page scrolled instead

    combo.setFocus()  # tapped or reached with Tab: now the wheel chooses
    assert combo.hasFocus()
    _wheel(combo)
    assert combo.currentIndex() == 1
    assert changes == [definition.options[0].value]
