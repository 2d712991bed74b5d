"""One sending pass at a time per station, across processes: the kiosk's background sending,
its "Jetzt senden", `fvo-kiosk-admin sync` and a systemd timer all go through ``run_pass``.

Exactly-once depends on it: two passes working on the same outbox row at once could both
announce it (two submissions at the office). ``run_pass`` holds an exclusive, non-blocking
lock on ``sending.lock`` in the station's data dir for the whole pass; a second pass finds
it held and returns at once, saying so, without an error and without touching a row.
The lock is the OS's (``flock`` on Linux and macOS, ``msvcrt.locking`` on Windows), so it
is released when its holder ends, even by a crash or a kill.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError
from kiosk.sync.errors import NotConfigured

if TYPE_CHECKING:
    from kiosk.sync.sender import RunReport, Sender

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # Linux, macOS
    msvcrt = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_NAME = "sending.lock"
#: The sync cache entry with the last pass's plain-words detail per claim still on its way
#: (the outbox keeps the English log message; the sending panel shows these).
DETAILS_KEY = "claim_details"
BUSY_DE = ("Ein anderer Sendevorgang dieser Station läuft gerade (Kiosk oder "
           "Verwaltungsbefehl); die Anträge gehen mit ihm.")
NOT_SET_UP_DE = "Für diese Station ist kein Versand eingerichtet."


@dataclass
class PassResult:
    """What one pass did: the sender's report, or ``busy`` when another pass held the lock
    (nothing was done), or ``problem`` when sending is not possible here (German)."""

    report: RunReport | None = None
    busy: bool = False
    problem: str | None = None
    started_at: float = field(default_factory=time.time)

    @property
    def message(self) -> str | None:
        """The one line to show about the pass as a whole (German), if any."""
        if self.busy:
            return BUSY_DE
        if self.problem:
            return self.problem
        if self.report is not None and self.report.problem:
            return self.report.problem
        return None


@contextlib.contextmanager
def pass_lock(data_dir: str | os.PathLike[str]) -> Iterator[bool]:
    """Hold ``sending.lock`` exclusively for the block; yields ``False`` at once (without
    waiting) when another pass — this process or another — holds it."""
    path = Path(data_dir) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    held = False
    try:
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            elif msvcrt is not None:  # pragma: no cover - Windows: lock the first byte
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            held = True
        except OSError:  # BlockingIOError (flock) or PermissionError (msvcrt): held
            pass
        yield held
    finally:
        if held and fcntl is None and msvcrt is not None:  # pragma: no cover - Windows
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)  # closing releases the lock; the empty lock file stays


def run_pass(station: Any, *, until_idle: bool = False, max_seconds: float = 120.0,
             sender: Callable[[Any], Sender] | None = None) -> PassResult:
    """One sending pass over ``station`` (``until_idle``: again and again until nothing is
    left or ``max_seconds`` passed), under the station's sending lock. ``sender`` builds
    the :class:`Sender` (default: from the configuration, the secret from the keyring)."""
    with pass_lock(station.dir.path) as held:
        if not held:
            log.info("another sending pass holds the lock; this one skipped")
            return PassResult(busy=True)
        try:
            worker = (sender or station_sender)(station)
        except NotConfigured as exc:
            return PassResult(problem=exc.user_message)
        try:
            report = (worker.run_until_idle(max_seconds=max_seconds) if until_idle
                      else worker.run_once())
        finally:
            worker.close()
        try:
            _keep_details(station.store, report)
        except KioskError as exc:  # pragma: no cover - the store said no; the pass stands
            log.warning("claim details not kept: %s", type(exc).__name__)
        return PassResult(report=report)


def station_sender(station: Any) -> Sender:
    """The station's sender, with the client secret read from the station's keyring (the
    in-memory one of the tests, too) only when first needed."""
    from kiosk.keys.service_credentials import ServiceCredentials
    from kiosk.sync.sender import Sender

    if station.config.fit_connect is None:
        raise NotConfigured("the station configuration has no fit_connect section",
                            NOT_SET_UP_DE)
    creds = ServiceCredentials(station.identity.station_id,
                               getattr(station, "keyring_backend", None))
    return Sender(station.store, station.config, creds.client_secret)


def sending_configured(station: Any) -> bool:
    """Whether the station's configuration has a ``fit_connect`` section."""
    return station.config.fit_connect is not None


def _keep_details(store: Any, report: RunReport) -> None:
    """Remember the pass's plain-words detail of each claim still on its way, so the panel
    can say why a claim waits after the pass (and in another process) has ended."""
    from kiosk.store import outbox as ob

    on_the_way = {e.claim_id for e in store.outbox.entries(ob.TO_SEND + ob.AWAITING_RECEIPT)}
    cached = store.outbox.cache_get(DETAILS_KEY)
    details = {cid: d for cid, d in (cached[0] if cached else {}).items() if cid in on_the_way}
    for claim in report.claims:
        if claim.claim_id in on_the_way and claim.detail:
            details[claim.claim_id] = claim.detail
        else:
            details.pop(claim.claim_id, None)
    if details != (cached[0] if cached else {}):
        store.outbox.cache_put(DETAILS_KEY, details)


def claim_details(store: Any) -> dict[str, str]:
    """The last plain-words detail per claim still on its way (see ``_keep_details``)."""
    cached = store.outbox.cache_get(DETAILS_KEY)
    return dict(cached[0]) if cached else {}
