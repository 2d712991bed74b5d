"""Idle detection: no touch, pen, mouse or key input for a while → ``idle`` is emitted."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication


@cache
def _input_types() -> frozenset[QEvent.Type]:
    """The events that count as someone using the kiosk (built on first use: creating the
    large ``QEvent.Type`` enum is left out of start-up)."""
    return frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.KeyPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TabletPress,
            QEvent.Type.TabletMove,
        }
    )


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, timeout_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_timeout(timeout_s)
        self._filtering = False

    def set_timeout(self, timeout_s: float) -> None:
        self._timer.setInterval(max(1, int(timeout_s * 1000)))

    @property
    def timeout_s(self) -> float:
        return self._timer.interval() / 1000

    def start(self) -> None:
        # The application-wide filter sees every event: install it only while counting
        # (not during start-up and on the login screen, where nothing is to be locked).
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._timer.isActive() and event.type() in _input_types():
            self._timer.start()
        return False
