"""Status-bar indicator: connection, signed claims not yet at their office, last error.

The numbers come from a *status source* — a function returning ``SyncStatus``.
``station_status`` reads what the core knows: how many signed claims have not reached their
office (``Visit.waiting_count``), once a counsellor is logged in, and whether the last
sending run reached the FIT-Connect service (``kiosk.sync.status``). It is polled on a timer
(a cheap read) and whenever the window changes screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent, QResizeEvent

    from kiosk.visit import Visit
    from ui.session import Session


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None  # None: not known (no sync configured yet)
    waiting: int | None  # None: not known (nobody logged in)
    last_error: str | None = None  # German, plain words, no personal data


def station_status(visit: Visit) -> SyncStatus:
    """The claims waiting, and whether the last sending run reached the service (unknown
    when nothing was tried lately), with its problem in plain words."""
    from kiosk.sync.status import station_sending_status

    sending = station_sending_status(visit.station)
    error = sending.last_error
    if error is None and sending.needs_attention:
        n = sending.needs_attention
        error = (f"{n} {'Antrag braucht' if n == 1 else 'Anträge brauchen'} Hilfe beim "
                 "Versand")
    return SyncStatus(sending.online, visit.waiting_count(), error)


def session_status(session: Session) -> SyncStatus:
    """The station's status for the logged-in counsellor; before log-in nothing is read
    (the login screen stays quick, and the count is no business of a passer-by)."""
    if not session.logged_in:
        return SyncStatus(None, None)
    return station_status(session.visit)


def waiting_text(n: int | None) -> str:
    if n is None:
        return ""
    if n == 0:
        return "Keine Anträge warten auf Versand"
    return f"{n} {'Antrag wartet' if n == 1 else 'Anträge warten'} auf Versand"


class _OneLine(QLabel):
    """A one-line label that shortens its text with "…" to the room it gets: the status bar
    keeps its height at 1024 px in large text; the whole text is in the indicator's tooltip
    and accessible description, and a tap opens the sending panel with every detail."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._full = ""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(0, self.contentsRect().width()))
        if shown != super().text():
            super().setText(shown)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._elide()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        m = self.contentsMargins()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + m.left() + m.right()
                     + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4,
                     super().minimumSizeHint().height())


class SyncIndicator(QWidget):
    #: Tapped (the window opens the sending panel).
    clicked = Signal()
    #: A new status was shown (the window sends soon when more claims wait).
    refreshed = Signal(object)

    def __init__(
        self,
        source: Callable[[], SyncStatus],
        parent: QWidget | None = None,
        interval_ms: int = 10_000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self._source = source
        self.connection = _OneLine(self)
        self.queue = _OneLine(self)
        self.error = _OneLine(self)
        self.error.setObjectName("problem")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.connection)
        layout.addWidget(self.queue)
        layout.addWidget(self.error, 1)  # the room left goes to the error …
        layout.addStretch(0)  # … and, without one, here: the texts stay together at the left
        self.setCursor(Qt.CursorShape.PointingHandCursor)  # tapping opens the sending panel
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        try:
            status = self._source()
        except Exception as exc:  # noqa: BLE001 - the indicator must never take the kiosk down
            status = SyncStatus(
                None, 0, getattr(exc, "user_message", "Versandstatus nicht lesbar.")
            )
        self.show_status(status)

    def show_status(self, status: SyncStatus) -> None:
        if status.online is None:
            conn = "○ Versand: Verbindung nicht geprüft"
        elif status.online:
            conn = "● Online"
        else:
            conn = "○ Offline"  # what waits, and why, stand beside it
        self.connection.setText(conn)
        self.queue.setText(waiting_text(status.waiting))
        self.error.setText(f"Letzter Fehler: {status.last_error}" if status.last_error else "")
        self.error.setVisible(bool(status.last_error))
        summary = "; ".join(t for t in (conn, self.queue.full_text(), self.error.full_text())
                            if t)
        self.setAccessibleName("Versandstatus")
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.connection.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.refreshed.emit(status)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)
