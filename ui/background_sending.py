"""Sending in the background while the kiosk runs (a counsellor logged in or not).

A pass runs every ``interval_s`` seconds on a worker thread of its own (never on the UI
thread), on its own database connection (``kiosk.visit.sending.pass_in_own_station``), under
the station's sending lock. After a queue change (a signature) the next pass comes within
``soon_s``; while the service is unreachable the wait doubles up to ``offline_max_s`` (each
claim's own back-off is the sender's). "Jetzt senden" runs a pass at once. A failing pass is
logged (English, its kind only) and never takes the kiosk down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from kiosk.sync.runner import PassResult
from ui import worker

if TYPE_CHECKING:
    from kiosk.app import Station

log = logging.getLogger(__name__)

INTERVAL_S = 60.0
SOON_S = 3.0
FIRST_S = 5.0
OFFLINE_MAX_S = 600.0
FAILED_DE = "Der Versand ist fehlgeschlagen; er wird später erneut versucht."


class BackgroundSending(QObject):
    """The kiosk's sending passes: ``started`` when one begins, ``finished(PassResult)`` on
    the UI thread when it ended."""

    started = Signal()
    finished = Signal(object)

    def __init__(self, station: Station, parent: QObject | None = None, *,
                 interval_s: float = INTERVAL_S, soon_s: float = SOON_S,
                 offline_max_s: float = OFFLINE_MAX_S,
                 run_pass: Callable[[], PassResult] | None = None) -> None:
        super().__init__(parent)
        from kiosk.visit.sending import pass_in_own_station

        self._pass = run_pass or (lambda: pass_in_own_station(station))
        self.interval_s = interval_s
        self.soon_s = soon_s
        self.offline_max_s = offline_max_s
        self._offline_wait: float | None = None
        self.running = False
        self.last: PassResult | None = None
        self._again = False
        self._pool = QThreadPool(self)  # its own thread: a slow pass holds no shared one
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.send_now)
        self._automatic = False

    # --- the schedule ------------------------------------------------------------------
    def start(self, first_s: float = FIRST_S) -> None:
        """Passes from now on, the first after ``first_s`` seconds."""
        self._automatic = True
        self._schedule(first_s)

    def stop(self, wait_ms: int = 5000) -> None:
        """No more passes; waits up to ``wait_ms`` for one that is running (its steps are
        committed one by one, so one cut short resumes at the next start)."""
        self._automatic = False
        self._timer.stop()
        self._pool.waitForDone(wait_ms)

    @property
    def automatic(self) -> bool:
        return self._automatic

    def next_in_ms(self) -> int | None:
        """When the next automatic pass comes (None: none planned)."""
        return self._timer.remainingTime() if self._timer.isActive() else None

    def queue_changed(self) -> None:
        """A claim was queued (signed): send it soon, not only at the next interval."""
        if self.running:
            self._again = True
        elif self._automatic:
            left = self.next_in_ms()
            if left is None or left > self.soon_s * 1000:
                self._schedule(self.soon_s)

    def _schedule(self, seconds: float) -> None:
        if self._automatic:
            self._timer.start(max(0, int(seconds * 1000)))

    # --- one pass ------------------------------------------------------------------------
    def send_now(self) -> bool:
        """Start a pass now, off the UI thread; ``False`` if one is running already."""
        if self.running:
            return False
        self._timer.stop()
        self.running = True
        self.started.emit()
        worker.run(self._pass, parent=self, on_done=self._done, on_error=self._failed,
                   pool=self._pool)
        return True

    def _done(self, result: PassResult) -> None:
        self.running = False
        self.last = result
        report = result.report
        if report is not None and report.online is False:
            self._offline_wait = min(self.offline_max_s,
                                     (self._offline_wait or self.interval_s / 2) * 2)
            wait = self._offline_wait
        else:
            self._offline_wait = None
            wait = self.interval_s
        if self._again:
            self._again = False
            wait = min(wait, self.soon_s)
        self.finished.emit(result)
        self._schedule(wait)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        log.warning("background sending pass failed: %s", type(exc).__name__)
        message: Any = getattr(exc, "user_message", None)
        self.last = PassResult(problem=message if isinstance(message, str) else FAILED_DE)
        self.finished.emit(self.last)
        self._schedule(self.interval_s)
