"""The mouse wheel over a drop-down or spin box that has no focus scrolls the page instead
of changing the value (a counsellor scrolling a long step must not change an answer)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget


class WheelGuard(QObject):
    """Event filter: a wheel event on an unfocused widget is ignored by it and goes on to
    its parent (the scroll area), as if the widget were not there."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget)
                and not watched.hasFocus()):
            event.ignore()
            return True
        return super().eventFilter(watched, event)


_GUARD: WheelGuard | None = None


def guard_wheel(widget: QComboBox | QAbstractSpinBox) -> None:
    """Let the wheel change ``widget`` only once it has focus (tap, click or Tab); it no
    longer takes focus from the wheel itself."""
    global _GUARD  # noqa: PLW0603 - one filter object serves every widget
    if _GUARD is None:
        _GUARD = WheelGuard()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_GUARD)
