"""The mouse wheel over a drop-down or spin box that has no focus scrolls the page instead
of changing the value (a counsellor scrolling a long step must not change an answer)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)


class WheelGuard(QObject):
    """Event filter: a wheel turn over an unfocused widget goes to the scroll area around
    it, as if the widget were not there; a focused widget takes it as usual."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget)
                or not isinstance(event, QWheelEvent) or watched.hasFocus()):
            return super().eventFilter(watched, event)
        area = _scroll_area_around(watched)
        if area is not None:
            # Handed on explicitly: Qt passes a wheel event to the parents only when it came
            # from the window system, and then the scroll area would get it after the widget.
            viewport = area.viewport()
            pos = QPointF(viewport.mapFromGlobal(event.globalPosition().toPoint()))
            QApplication.sendEvent(viewport, QWheelEvent(
                pos, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                event.buttons(), event.modifiers(), event.phase(), event.inverted(),
                event.source()))
        event.accept()
        return True  # the widget itself never sees it


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


_GUARD: WheelGuard | None = None


def guard_wheel(widget: QComboBox | QAbstractSpinBox) -> None:
    """Let the wheel change ``widget`` only once it has focus (tap, click or Tab); it no
    longer takes focus from the wheel itself."""
    global _GUARD  # noqa: PLW0603 - one filter object serves every widget
    if _GUARD is None:
        _GUARD = WheelGuard()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_GUARD)
