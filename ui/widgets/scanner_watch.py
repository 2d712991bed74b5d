"""Watches the station's scanner folder and says how many scans wait there.

A ``QFileSystemWatcher`` answers at once on a local folder; a slow poll covers the network
shares scanners often write to, where change notices do not arrive. Each look runs off the
UI thread. The count comes from
the visit operations (``Visit.waiting_scans``), which decide what counts as a scan.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.errors import KioskError
from ui import worker

if TYPE_CHECKING:
    from kiosk.visit import Visit

log = logging.getLogger(__name__)

#: How often the folder is looked at without a change notice (network shares).
POLL_MS = 5_000


class ScannerWatch(QObject):
    """``changed(count)`` whenever the number of waiting scans changes; ``count`` is -1
    when the folder cannot be read (the scanner share is gone, say)."""

    changed = Signal(int)

    def __init__(self, visit: Visit, parent: QObject | None = None,
                 poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._visit = visit
        self.folder = visit.scanner_folder()
        self.count = 0
        self._looking = self._again = False
        if self.folder is None:
            return
        self._watcher = QFileSystemWatcher(self)
        if self.folder.is_dir():
            self._watcher.addPath(str(self.folder))
        self._watcher.directoryChanged.connect(lambda _path: self.refresh())
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    @property
    def configured(self) -> bool:
        return self.folder is not None

    def refresh(self) -> None:
        """Count the scans off the UI thread (a network share that hangs must not freeze
        the kiosk); one look at a time."""
        if self._looking:
            self._again = True
            return
        self._looking, self._again = True, False
        worker.run(self._count, parent=self, on_done=self._counted)

    def _count(self) -> int:
        try:
            return self._visit.waiting_scans()
        except KioskError as exc:
            if self.count != -1:
                log.warning("scanner folder not readable: %s", exc)
            return -1

    def _counted(self, count: int) -> None:
        self._looking = False
        if count != self.count:
            self.count = count
            self.changed.emit(count)
        if self._again:
            self.refresh()


def scanner_button_text(count: int) -> str:
    if count < 0:
        return "Scanner-Ordner nicht erreichbar"
    if count == 0:
        return "Vom Scanner: nichts da"
    return f"Vom Scanner holen ({count})"
