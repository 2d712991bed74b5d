"""Log-in: pick your name, type your PIN. Wrong PINs and the lockout are explained in the
core's plain words (``LoginResult.message``); the PIN check runs off the UI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.pin_pad import PinPad
from ui.widgets.reserve import reserve_space

if TYPE_CHECKING:
    from kiosk.auth import LoginResult
    from ui.window import MainWindow

DEMO_PIN_HINT = "Demo-Station: Demo-Beraterin, PIN 246810"


class LoginScreen(QWidget):
    title = "Anmeldung"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window
        station = window.session.station

        heading = QLabel("Bitte melden Sie sich an", self)
        heading.setObjectName("heading")
        who_label = QLabel("1. Ihren Namen wählen", self)
        self.counsellors = QListWidget(self)
        self.counsellors.setAccessibleName("Beraterinnen und Berater")
        self.counsellors.setMinimumWidth(360)
        who_label.setBuddy(self.counsellors)
        for c in station.auth.counsellors():
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.counsellors.addItem(item)
        if self.counsellors.count():
            self.counsellors.setCurrentRow(0)

        pin_label = QLabel("2. PIN eingeben", self)
        self.pad = PinPad(self, ok_text="Anmelden")
        self.pad.setMaximumWidth(460)
        pin_label.setBuddy(self.pad)
        self.message = QLabel("", self)
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Hinweis zur Anmeldung")
        reserve_space(self.message, lines=2)  # a wrong PIN moves nothing

        left = QVBoxLayout()
        left.addWidget(heading)
        left.addWidget(who_label)
        left.addWidget(self.counsellors, 1)
        if station.identity.demo:
            hint = QLabel(DEMO_PIN_HINT, self)
            hint.setObjectName("hint")
            left.addWidget(hint)
        right = QVBoxLayout()
        right.addStretch(1)
        right.addWidget(pin_label)
        right.addWidget(self.pad)
        right.addWidget(self.message)
        right.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(48, 32, 48, 32)
        row.setSpacing(48)
        row.addLayout(left, 1)
        row.addLayout(right, 1)

        if not self.counsellors.count():
            self.message.setText(
                "Für diese Station ist noch niemand eingetragen. Die IT-Betreuung kann "
                "Beraterinnen und Berater mit 'fvo-kiosk-admin enrol' eintragen."
            )
            self.pad.set_busy(True)

        self._unlock_timer = QTimer(self)
        self._unlock_timer.setSingleShot(True)
        self._unlock_timer.timeout.connect(self._lock_over)
        self.pad.submitted.connect(self._submit)
        self.counsellors.currentRowChanged.connect(self._counsellor_changed)
        # Digits typed while the name list has focus go to the PIN.
        self.counsellors.installEventFilter(self)
        self.setTabOrder(self.counsellors, self.pad)
        self.counsellors.setFocus()

    # --- interaction ---------------------------------------------------------------------
    def selected_counsellor(self) -> int | None:
        item = self.counsellors.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def select(self, name: str) -> None:
        for row in range(self.counsellors.count()):
            if self.counsellors.item(row).text() == name:
                self.counsellors.setCurrentRow(row)
                return
        raise LookupError("no such counsellor in the list")

    def enter_pin(self, pin: str) -> None:
        """Type and submit a PIN as a user would on the pad."""
        self.pad.clear()
        for d in pin:
            self.pad.press(d)
        self.pad.submit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.counsellors and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.text().isdigit() or event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
                Qt.Key.Key_Backspace,
            ):
                self.pad.keyPressEvent(event)
                return True
        return False

    def _counsellor_changed(self) -> None:
        self.pad.clear()
        self.message.setText("")
        self._unlock_timer.stop()
        if self.counsellors.count():
            self.pad.set_busy(False)

    def _submit(self, pin: str) -> None:
        counsellor_id = self.selected_counsellor()
        if counsellor_id is None:
            self.message.setText("Bitte zuerst Ihren Namen wählen.")
            return
        self.pad.set_busy(True)
        self.message.setText("PIN wird geprüft …")
        auth = self._window.session.station.auth
        self._window.run_in_background(
            lambda: auth.login(counsellor_id, pin), self._answered, self._failed, parent=self
        )

    def _answered(self, result: LoginResult) -> None:
        self.pad.clear()
        if result.ok and result.counsellor is not None:
            self.message.setText("")
            self._window.login_succeeded(result.counsellor)
            return
        self.message.setText(result.message)
        if result.locked_for > 0:
            # Keep the pad closed while the core refuses anyway; the message says how long.
            self._unlock_timer.start(int(result.locked_for * 1000) + 200)
        else:
            self.pad.set_busy(False)

    def _lock_over(self) -> None:
        self.pad.set_busy(False)
        self.message.setText("Sie können es jetzt erneut versuchen.")

    def _failed(self, exc: BaseException) -> None:
        self.pad.clear()
        self.pad.set_busy(False)
        self.message.setText(
            getattr(exc, "user_message", "Die Anmeldung ist gerade nicht möglich.")
        )


SCREENS = {"login": LoginScreen}
