"""Asks for a counsellor's PIN before something only staff may do (quit the kiosk, leave
family mode). The PIN is checked by the core (``auth.login``), so wrong tries count toward
the same lockout as at the login screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import worker
from ui.widgets.pin_pad import PinPad
from ui.widgets.reserve import reserve_space
from ui.widgets.touch import touch_combo

if TYPE_CHECKING:
    from kiosk.app import Station
    from kiosk.auth import Counsellor, LoginResult


class PinDialog(QDialog):
    def __init__(
        self,
        station: Station,
        reason: str,
        parent: QWidget | None = None,
        preselect: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setWindowTitle("PIN erforderlich")
        self.setModal(True)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # staff dialog: German, LTR
        self._station = station
        self.counsellor: Counsellor | None = None

        heading = QLabel(reason, self)
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        self.who = QComboBox(self)
        self.who.setAccessibleName("Beraterin oder Berater")
        touch_combo(self.who, min_chars=12)  # a stray wheel turn picks no one else
        self.who.setMinimumHeight(56)
        for c in station.auth.counsellors():
            self.who.addItem(c.name, c.id)
            if c.id == preselect:
                self.who.setCurrentIndex(self.who.count() - 1)
        self.pad = PinPad(self, ok_text="Bestätigen")
        self.message = QLabel(self)
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Hinweis")
        reserve_space(self.message, lines=2)  # a wrong PIN's message never moves the pad
        self.cancel_button = QPushButton("Abbrechen", self)
        self.cancel_button.setAccessibleName("Abbrechen")
        self.cancel_button.setMinimumSize(160, 56)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.pad.submitted.connect(self._check)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.who)
        layout.addWidget(self.pad)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.setMinimumWidth(520)
        self.ensurePolished()
        # Room for a two-line heading (word wrap is not in the minimum size).
        self.setMinimumHeight(layout.totalMinimumSize().height() + 64)
        self.pad.setFocus()

    def enter(self, pin: str) -> None:
        """Type ``pin`` and confirm (used by keyboard users' Enter and by tests)."""
        self.pad.clear()
        for d in pin:
            self.pad.press(d)
        self.pad.submit()

    def _check(self, pin: str) -> None:
        counsellor_id = self.who.currentData()
        if counsellor_id is None:
            self.message.setText("Für diese Station ist niemand angemeldet.")
            return
        self.pad.set_busy(True)
        self.message.setText("PIN wird geprüft …")
        auth = self._station.auth
        worker.run(
            lambda: auth.login(int(counsellor_id), pin),
            parent=self,
            on_done=self._checked,
            on_error=self._failed,
        )

    def _checked(self, result: LoginResult) -> None:
        self.pad.clear()
        self.pad.set_busy(False)
        if result.ok:
            self.counsellor = result.counsellor
            self.message.setText("")
            self.accept()
        else:
            self.message.setText(result.message)

    def _failed(self, exc: BaseException) -> None:
        self.pad.clear()
        self.pad.set_busy(False)
        self.message.setText(getattr(exc, "user_message", "Die PIN konnte nicht geprüft werden."))


def ask_pin(
    station: Station,
    reason: str,
    parent: QWidget,
    on_ok: Callable[[Counsellor], None],
    on_cancel: Callable[[], None] | None = None,
    preselect: int | None = None,
) -> PinDialog:
    """Open a PIN dialog without blocking; ``on_ok(counsellor)`` after a right PIN."""
    dialog = PinDialog(station, reason, parent, preselect)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def finished(code: int) -> None:
        if code == QDialog.DialogCode.Accepted and dialog.counsellor is not None:
            on_ok(dialog.counsellor)
        elif on_cancel is not None:
            on_cancel()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
