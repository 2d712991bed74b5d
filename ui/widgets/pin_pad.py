"""Touch-friendly PIN pad: large digit buttons, keyboard digits too, masked display.

Emits ``submitted(pin)`` on OK (button, Enter/Return). The digits keep their telephone
order in right-to-left layouts too, as number pads do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

MIN_TARGET = 64  # px; above the 48 px minimum for touch targets
MAX_PIN_LENGTH = 12


class PinPad(QWidget):
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None, ok_text: str = "Anmelden") -> None:
        super().__init__(parent)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("PIN-Eingabe")

        self.display = QLineEdit(self)
        self.display.setEchoMode(QLineEdit.EchoMode.Password)
        self.display.setReadOnly(True)
        self.display.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(MIN_TARGET)
        self.display.setAccessibleName("Eingegebene PIN (verdeckt)")
        self.display.setObjectName("pinDisplay")

        grid = QGridLayout()
        grid.setSpacing(10)
        self.digit_buttons: dict[str, QPushButton] = {}
        for i, digit in enumerate("123456789"):
            self.digit_buttons[digit] = self._button(digit, f"Ziffer {digit}")
            grid.addWidget(self.digit_buttons[digit], i // 3, i % 3)
        self.digit_buttons["0"] = self._button("0", "Ziffer 0")
        self.backspace_button = self._button("⌫", "Letzte Ziffer löschen")
        self.ok_button = self._button(ok_text, ok_text)
        self.ok_button.setObjectName("primary")
        grid.addWidget(self.backspace_button, 3, 0)
        grid.addWidget(self.digit_buttons["0"], 3, 1)
        grid.addWidget(self.ok_button, 3, 2)

        for digit, button in self.digit_buttons.items():
            button.clicked.connect(lambda _=False, d=digit: self.press(d))
        self.backspace_button.clicked.connect(self.backspace)
        self.ok_button.clicked.connect(self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.display)
        layout.addLayout(grid)
        self.setTabOrder(self.digit_buttons["1"], self.digit_buttons["2"])

    def _button(self, text: str, name: str) -> QPushButton:
        b = QPushButton(text, self)
        b.setMinimumSize(MIN_TARGET + 16, MIN_TARGET)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        b.setAccessibleName(name)
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        b.setAutoDefault(False)
        return b

    # --- entry ---------------------------------------------------------------------------
    def pin(self) -> str:
        return self.display.text()

    def press(self, digit: str) -> None:
        if digit.isdigit() and len(self.display.text()) < MAX_PIN_LENGTH:
            self.display.setText(self.display.text() + digit)

    def backspace(self) -> None:
        self.display.setText(self.display.text()[:-1])

    def clear(self) -> None:
        self.display.clear()

    def submit(self) -> None:
        pin = self.display.text()
        if pin:
            self.submitted.emit(pin)

    def set_busy(self, busy: bool) -> None:
        """Block input while a PIN is being checked."""
        for b in (*self.digit_buttons.values(), self.backspace_button, self.ok_button):
            b.setEnabled(not busy)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        text = event.text()
        if text and text in "0123456789" and len(text) == 1:
            if self.ok_button.isEnabled():
                self.press(text)
        elif key == Qt.Key.Key_Backspace:
            self.backspace()
        elif key == Qt.Key.Key_Escape:
            self.clear()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.ok_button.isEnabled():
                self.submit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
