"""Field widgets drawn from a field definition (intake field or form field), by its type.

One class per *kind of input*, never per topic: a line of text (names, Steuer-ID, IBAN,
dates, money, numbers …), yes/no, a choice (radio buttons for few options, a drop-down for
many), a person of the household, an address, and a list of small records (incomes,
benefits). Every widget shows its label, keeps what was typed even when it is not valid,
shows the core's message under it, and emits ``changed(raw)`` on every edit. Checking raw
input and turning it into stored values is the core's job (``kiosk.visit``); here stored
values are only *shown* (ISO date → TT.MM.JJJJ, cents → "1234,56"). The mouse wheel over
an unfocused drop-down scrolls the page (``ui.widgets.wheel_guard``).

Accessibility: the label is each editor's accessible name, editors and buttons are at
least 48 px high, the tab order follows the order on screen, and no font size is fixed
here (the large-text switch of the window's style sheet applies).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.forms.definition import ADDRESS_KEYS, Option, Text, text_in
from ui.widgets.reserve import reserve_space
from ui.widgets.touch import touch_combo

TOUCH_PX = 48
#: Choice fields with at most this many options are radio buttons; more → a drop-down.
MAX_RADIO_OPTIONS = 3

_PLACEHOLDERS = {
    "date": "TT.MM.JJJJ",
    "birth_date": "TT.MM.JJJJ",
    "money": "0,00 €",
    "integer": "Zahl",
    "tax_id": "11 Ziffern",
    "iban": "DE.. .... .... .... .... ..",
    "postcode": "5 Ziffern",
    "month": "MM.JJJJ",
    "country": "z. B. DE",
}
_ISO_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_ADDRESS_LABELS = {
    "street": "Straße",
    "house_number": "Hausnummer",
    "address_extra": "Adresszusatz",
    "postcode": "Postleitzahl",
    "city": "Ort",
    "country": "Staat",
}


class FieldDefinition(Protocol):
    """What the widgets read from an intake field or a form field."""

    id: str
    label: Text
    type: str
    required: bool
    validation: str | None
    options: tuple[Option, ...]

    def option_values(self) -> tuple[str, ...]: ...


def display_text(ftype: str, value: Any) -> str:
    """A stored value as the counsellor reads and types it."""
    if value is None:
        return ""
    if ftype == "money" and isinstance(value, int) and not isinstance(value, bool):
        sign = "-" if value < 0 else ""
        whole, cents = divmod(abs(value), 100)
        return f"{sign}{whole},{cents:02d}"
    if ftype in ("date", "birth_date") and isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    if ftype == "month" and isinstance(value, str) and _ISO_MONTH.fullmatch(value):
        return f"{value[5:]}.{value[:4]}"  # stored YYYY-MM, shown and typed MM.JJJJ
    if ftype == "iban" and isinstance(value, str) and " " not in value:
        return " ".join(value[i:i + 4] for i in range(0, len(value), 4))  # stored compact
    return str(value)


def label_of(definition: FieldDefinition, lang: str = "de") -> str:
    return text_in(definition.label, lang)


class FieldWidget(QWidget):
    """Label, editor and message line of one field. Subclasses build the editor."""

    changed = Signal(object)

    def __init__(self, definition: FieldDefinition, lang: str = "de",
                 parent: QWidget | None = None,
                 persons: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(parent)
        self.definition = definition
        self._persons = list(persons)
        self.lang = lang
        self._loading = False
        self.label_text = label_of(definition, lang)
        self.label = QLabel(self._label_shown(), self)
        self.label.setWordWrap(True)
        self.message = QLabel("", self)
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.message.setAccessibleName(f"Hinweis zu {self.label_text}")
        reserve_space(self.message, lines=1)
        # A long message wraps within the field's width instead of widening it (and with
        # it a whole column of a grid).
        policy = self.message.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.message.setSizePolicy(policy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        self.editor = self._build_editor()
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        # Taller than needed (a neighbour in a grid row shows a message): the room goes
        # below, the editor stays where the finger is.
        layout.addStretch(1)
        self.label.setBuddy(self.focus_widget())
        self.setAccessibleName(self.label_text)

    def _label_shown(self) -> str:
        return self.label_text + (" *" if self.definition.required else "")

    def set_label_text(self, text: str) -> None:
        """Label the field ``text`` (e.g. with the person it asks about); the star of a
        required field stays after the whole label."""
        editor = self.focus_widget()
        if editor.accessibleName() == self.label_text:
            editor.setAccessibleName(text)
        self.label_text = text
        self.label.setText(self._label_shown())
        self.setAccessibleName(text)

    # --- for subclasses ------------------------------------------------------------------
    def _build_editor(self) -> QWidget:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self.editor

    def _emit(self, raw: Any) -> None:
        if not self._loading:
            self.changed.emit(raw)

    # --- public --------------------------------------------------------------------------
    @property
    def field_id(self) -> str:
        return self.definition.id

    def value(self) -> Any:
        """What is in the editor now (text as typed, True/False, an option value …)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored value (no ``changed`` signal)."""
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def set_raw(self, raw: Any) -> None:
        """Show input exactly as it was typed earlier (no ``changed`` signal)."""
        self.set_value(raw)

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def show_problem(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
        editor = self.focus_widget()
        editor.setAccessibleDescription(text or "")
        if editor.property("invalid") != bool(text):
            # For the style sheet's [invalid="true"] rule; re-polish to apply it.
            editor.setProperty("invalid", bool(text))
            editor.style().unpolish(editor)
            editor.style().polish(editor)

    @property
    def problem(self) -> str:
        return self.message.text() if self.message.isVisibleTo(self) else ""


class LineField(FieldWidget):
    """Any value typed as one line: text, names, dates, money, numbers, ids, codes."""

    def _build_editor(self) -> QWidget:
        edit = QLineEdit(self)
        edit.setMinimumHeight(TOUCH_PX)
        edit.setAccessibleName(self.label_text)
        edit.setPlaceholderText(_PLACEHOLDERS.get(self.definition.type, ""))
        edit.textEdited.connect(self._emit)
        return edit

    @property
    def line(self) -> QLineEdit:
        assert isinstance(self.editor, QLineEdit)
        return self.editor

    def value(self) -> str:
        return self.line.text()

    def _show(self, value: Any) -> None:
        self.line.setText(display_text(self.definition.type, value))

    def set_raw(self, raw: Any) -> None:
        self._loading = True
        try:
            self.line.setText("" if raw is None else str(raw))
        finally:
            self._loading = False


_ARROW_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1,
                Qt.Key.Key_Down: 1}


class _ButtonsField(FieldWidget):
    """Radio buttons for a few exclusive values (yes/no, short choices)."""

    def _choices(self) -> list[tuple[Any, str]]:
        raise NotImplementedError

    def _build_editor(self) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)  # choices far enough apart for a finger
        self.group = QButtonGroup(box)
        self.group.setExclusive(True)
        self.buttons: dict[Any, QRadioButton] = {}
        for value, text in self._choices():
            button = QRadioButton(text, box)
            button.setMinimumHeight(TOUCH_PX)
            button.setAccessibleName(f"{self.label_text}: {text}")
            button.toggled.connect(lambda on, v=value: self._emit(v) if on else None)
            self.group.addButton(button)
            self.buttons[value] = button
            button.installEventFilter(self)
            row.addWidget(button)
        row.addStretch(1)
        box.setAccessibleName(self.label_text)
        return box

    def focus_widget(self) -> QWidget:
        return next(iter(self.buttons.values()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """The arrow keys move the choice (focus and selection together), also while
        nothing is chosen yet; Qt alone moves only the focus then."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        step = _ARROW_STEPS.get(Qt.Key(event.key()))
        buttons = list(self.buttons.values())
        if step is None or watched not in buttons or event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            return False
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft and event.key() in (
                Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -step
        index = buttons.index(watched) + step
        if 0 <= index < len(buttons) and buttons[index].isEnabled():
            buttons[index].setFocus(Qt.FocusReason.TabFocusReason)
            if not buttons[index].isChecked():
                buttons[index].click()
        return True

    def value(self) -> Any:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return None

    def _show(self, value: Any) -> None:
        button = self.buttons.get(value)
        if button is not None:
            button.setChecked(True)
            return
        self.group.setExclusive(False)  # the only way to clear an exclusive group
        for b in self.buttons.values():
            b.setChecked(False)
        self.group.setExclusive(True)

    def choose(self, value: Any) -> None:
        """Select ``value`` as a user would (emits ``changed``)."""
        self.buttons[value].click()


class YesNoField(_ButtonsField):
    def _choices(self) -> list[tuple[Any, str]]:
        return [(True, "Ja"), (False, "Nein")]


class RadioChoiceField(_ButtonsField):
    def _choices(self) -> list[tuple[Any, str]]:
        return [(o.value, text_in(o.label, self.lang)) for o in self.definition.options]


class ComboField(FieldWidget):
    """A drop-down with an empty first entry ("bitte wählen")."""

    def _entries(self) -> list[tuple[str, str]]:
        return [(o.value, text_in(o.label, self.lang)) for o in self.definition.options]

    def _build_editor(self) -> QWidget:
        combo = QComboBox(self)
        combo.setAccessibleName(self.label_text)
        combo.addItem("– bitte wählen –", None)
        for value, text in self._entries():
            combo.addItem(text, value)
        # Touch-sized entries; the wheel over it scrolls the step, unless it has focus.
        touch_combo(combo)
        # Any change the user makes (tap, arrow keys, the wheel once focused); set_value()
        # is silent.
        combo.currentIndexChanged.connect(lambda _i: self._emit(combo.currentData()))
        return combo

    @property
    def combo(self) -> QComboBox:
        assert isinstance(self.editor, QComboBox)
        return self.editor

    def value(self) -> Any:
        return self.combo.currentData()

    def _show(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def choose(self, value: Any) -> None:
        """Select ``value`` as a user would (emits ``changed``)."""
        index = self.combo.findData(value)
        if index < 0:
            raise KeyError(value)
        self.combo.setCurrentIndex(index)


class PersonField(ComboField):
    """A person of the household (``person_ref``); the persons are given by the screen."""

    def _entries(self) -> list[tuple[str, str]]:
        return self._persons


class AddressField(FieldWidget):
    """An address as a small group of lines; emits the dict of what is filled in."""

    def _build_editor(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.lines: dict[str, QLineEdit] = {}
        for n, key in enumerate(ADDRESS_KEYS):
            label = QLabel(_ADDRESS_LABELS[key], box)
            edit = QLineEdit(box)
            edit.setMinimumHeight(TOUCH_PX)
            edit.setAccessibleName(f"{self.label_text}: {_ADDRESS_LABELS[key]}")
            label.setBuddy(edit)
            edit.textEdited.connect(lambda _t: self._emit(self.value()))
            grid.addWidget(label, n // 2, (n % 2) * 2)
            grid.addWidget(edit, n // 2, (n % 2) * 2 + 1)
            self.lines[key] = edit
        box.setAccessibleName(self.label_text)
        return box

    def focus_widget(self) -> QWidget:
        return self.lines[ADDRESS_KEYS[0]]

    def value(self) -> dict[str, str] | None:
        filled = {k: e.text().strip() for k, e in self.lines.items() if e.text().strip()}
        return filled or None

    def _show(self, value: Any) -> None:
        data = value if isinstance(value, dict) else {}
        for key, edit in self.lines.items():
            item = data.get(key)
            edit.setText(item if isinstance(item, str) else "")


class ListField(FieldWidget):
    """A list of small records (incomes, benefits): one row of sub-fields per entry, with
    add and remove. Emits the list of raw entries; the core checks each entry, and each
    sub-field shows the message the core gives for it."""

    def _build_editor(self) -> QWidget:
        self.rows: list[dict[str, FieldWidget]] = []
        box = QWidget(self)
        self._rows_layout = QVBoxLayout(box)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"{self.label_text}: Eintrag hinzufügen", box)
        self.add_button.setMinimumHeight(TOUCH_PX)
        self.add_button.setAccessibleName(f"{self.label_text}: Eintrag hinzufügen")
        self.add_button.clicked.connect(self.add_entry)
        self._rows_layout.addWidget(self.add_button)
        box.setAccessibleName(self.label_text)
        return box

    def focus_widget(self) -> QWidget:
        return self.add_button

    def _new_row(self) -> dict[str, FieldWidget]:
        frame = QWidget(self.editor)
        frame.setObjectName("listEntry")
        grid = QGridLayout(frame)
        grid.setContentsMargins(0, 0, 0, 0)
        for column in range(3):
            grid.setColumnStretch(column, 1)  # three equal columns, whatever they show
        row: dict[str, FieldWidget] = {}
        item_fields = self.definition.item_fields  # type: ignore[attr-defined]
        for n, sub in enumerate(item_fields):
            widget = make_field(sub, self.lang, frame, self._persons)
            widget.changed.connect(lambda _v: self._emit(self.value()))
            grid.addWidget(widget, n // 3, n % 3)
            row[sub.path] = widget
        remove = QPushButton("Eintrag entfernen", frame)
        remove.setMinimumHeight(TOUCH_PX)
        remove.setAccessibleName(f"{self.label_text}: Eintrag {len(self.rows) + 1} entfernen")
        remove.clicked.connect(lambda: self.remove_entry(self.rows.index(row)))
        grid.addWidget(remove, (len(item_fields) + 2) // 3, 2)
        self._rows_layout.insertWidget(self._rows_layout.count() - 1, frame)
        self.rows.append(row)
        return row

    def add_entry(self) -> None:
        self._new_row()
        self._emit(self.value())
        first = next(iter(self.rows[-1].values()))
        first.focus_widget().setFocus()

    def remove_entry(self, index: int) -> None:
        row = self.rows.pop(index)
        _drop_row(row)
        self._emit(self.value())

    def value(self) -> list[dict[str, Any]]:
        return [{key: w.value() for key, w in row.items()} for row in self.rows]

    def _show(self, value: Any) -> None:
        entries = value if isinstance(value, list) else []
        while len(self.rows) > len(entries):
            _drop_row(self.rows.pop())
        while len(self.rows) < len(entries):
            self._new_row()
        for row, entry in zip(self.rows, entries, strict=True):
            for key, widget in row.items():
                widget.set_value(entry.get(key) if isinstance(entry, dict) else None)


def _drop_row(row: dict[str, FieldWidget]) -> None:
    frame = next(iter(row.values())).parentWidget()
    if frame is not None:
        frame.hide()
        frame.deleteLater()


def make_field(definition: Any, lang: str = "de", parent: QWidget | None = None,
               persons: Sequence[tuple[str, str]] = ()) -> FieldWidget:
    """The widget for ``definition``'s type (unknown types get a line of text)."""
    ftype = definition.type
    if ftype == "boolean":
        return YesNoField(definition, lang, parent)
    if ftype == "choice":
        if len(definition.options) <= MAX_RADIO_OPTIONS:
            return RadioChoiceField(definition, lang, parent)
        return ComboField(definition, lang, parent)
    if ftype == "person_ref":
        return PersonField(definition, lang, parent, persons)
    if ftype == "address":
        return AddressField(definition, lang, parent)
    if ftype == "list":
        return ListField(definition, lang, parent, persons)
    return LineField(definition, lang, parent)


__all__ = [
    "TOUCH_PX", "AddressField", "ComboField", "FieldWidget", "LineField", "ListField",
    "PersonField", "RadioChoiceField", "YesNoField", "display_text", "make_field",
]
