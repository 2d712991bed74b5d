"""Run a core call off the UI thread and hand its result back on the UI thread.

Like Anki's ``QueryOp``: ``run(fn, on_done=..., on_error=...)`` starts ``fn()`` on the
global ``QThreadPool``; exactly one of the callbacks is later called on the UI thread with
the return value or the exception. Screens use it for anything slower than a frame (PIN
hashing, PDF, network, bulk loads), so the kiosk keeps answering touches meanwhile.

Callbacks are tied to a ``parent`` QObject (usually the screen): if the screen is gone by
the time the call returns, the result is dropped instead of touching a deleted widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

_pending: set[_Relay] = set()


class _Relay(QObject):
    """Lives on the UI thread; its signals carry the outcome back across threads (queued,
    because the relay's slots belong to the UI thread)."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        super().__init__()  # no Qt parent: the relay must outlive a closed screen
        self._owner = parent
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    def _finish(self) -> bool:
        _pending.discard(self)
        self.deleteLater()
        return shiboken6.isValid(self._owner)

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        if self._finish():
            self._on_done(result)

    @Slot(object)
    def _deliver_failed(self, exc: BaseException) -> None:
        if not self._finish():
            return
        if self._on_error is not None:
            self._on_error(exc)
        else:
            log.error("background call failed: %s", type(exc).__name__)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - delivered to on_error, not swallowed
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


def run(
    fn: Callable[[], Any],
    *,
    parent: QObject,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Call ``fn()`` on a worker thread; then ``on_done(result)`` or ``on_error(exc)`` on
    the UI thread, unless ``parent`` was deleted in between."""
    relay = _Relay(parent, on_done, on_error)
    _pending.add(relay)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, relay))


def wait_for_all(timeout_ms: int = 5000) -> bool:
    """Block until the pool is idle (for shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
