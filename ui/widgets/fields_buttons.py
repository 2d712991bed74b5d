"""Buttons the counsellor screens share: a touch-sized button and a two-tap confirm button.

``ConfirmButton`` asks "wirklich?" on the first tap and acts on the second (within a few
seconds), so a slip of the finger never removes a child or withdraws a case, without a
modal dialog that would block a touchscreen.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ui.widgets.fields import TOUCH_PX

CONFIRM_WINDOW_MS = 5000


def touch_button(text: str, parent: QWidget, accessible: str | None = None,
                 primary: bool = False) -> QPushButton:
    button = QPushButton(text, parent)
    button.setMinimumHeight(TOUCH_PX)
    button.setAccessibleName(accessible or text)
    if primary:
        button.setObjectName("primary")
    return button


class ConfirmButton(QPushButton):
    """Emits ``confirmed`` on the second tap; the first one changes the text to a question."""

    confirmed = Signal()

    def __init__(self, text: str, question: str, parent: QWidget,
                 accessible: str | None = None) -> None:
        super().__init__(text, parent)
        self._text = text
        self._question = question
        self.setMinimumHeight(TOUCH_PX)
        self.setAccessibleName(accessible or text)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CONFIRM_WINDOW_MS)
        self._timer.timeout.connect(self.reset)
        self.clicked.connect(self._tapped)

    @property
    def asking(self) -> bool:
        return self._timer.isActive()

    def _tapped(self) -> None:
        if self.asking:
            self.reset()
            self.confirmed.emit()
            return
        self.setText(self._question)
        self._timer.start()

    def reset(self) -> None:
        self._timer.stop()
        self.setText(self._text)
