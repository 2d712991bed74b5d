"""Status-bar indicator: connection, claims waiting to be sent, last error in plain words.

The numbers come from a *status source* — a function returning ``SyncStatus`` — so the sync
issue can plug its worker's view in later. ``station_status`` reads what the store knows
today: the outbox counts. It is polled on a timer (a cheap read).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

if TYPE_CHECKING:
    from kiosk.app import Station

# Outbox states after which nothing more is to be sent; every other state is still waiting.
DONE_STATES = frozenset({"sent", "confirmed", "rejected", "withdrawn"})


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None  # None: not known (no sync configured yet)
    waiting: int
    last_error: str | None = None  # German, plain words, no personal data


def station_status(station: Station) -> SyncStatus:
    counts = station.store.outbox.counts()
    waiting = sum(n for state, n in counts.items() if state not in DONE_STATES)
    sync = getattr(station, "sync", None)
    online = getattr(sync, "online", None) if sync is not None else None
    last_error = getattr(sync, "last_error", None) if sync is not None else None
    return SyncStatus(online, waiting, last_error)


class SyncIndicator(QWidget):
    def __init__(
        self,
        source: Callable[[], SyncStatus],
        parent: QWidget | None = None,
        interval_ms: int = 10_000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self._source = source
        self.connection = QLabel(self)
        self.queue = QLabel(self)
        self.error = QLabel(self)
        self.error.setObjectName("problem")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.connection)
        layout.addWidget(self.queue)
        layout.addWidget(self.error, 1)
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
            conn = "○ Offline – Anträge werden später gesendet"
        self.connection.setText(conn)
        n = status.waiting
        self.queue.setText(
            "Keine Anträge warten auf Versand"
            if n == 0
            else f"{n} {'Antrag wartet' if n == 1 else 'Anträge warten'} auf Versand"
        )
        self.error.setText(f"Letzter Fehler: {status.last_error}" if status.last_error else "")
        self.error.setVisible(bool(status.last_error))
        summary = "; ".join(t for t in (conn, self.queue.text(), self.error.text()) if t)
        self.setAccessibleName("Versandstatus")
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.connection.setAlignment(Qt.AlignmentFlag.AlignVCenter)
