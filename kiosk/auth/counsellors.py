"""Counsellor enrolment and PIN log-in.

PINs are hashed with argon2id (memory-hard) and checked by argon2's constant-time verify.
After ``FREE_ATTEMPTS`` wrong PINs in a row the account is locked for a delay that doubles
with every further failure; the counters live in the database, so a restart does not reset
them. While locked, no PIN is checked at all.

The lock does not trust the wall clock alone:

* Within one process the monotonic clock rules: once a lock is known, setting the system
  clock forward or back neither ends nor extends it.
* Across a restart only the stored lock end (wall time) is left. The remaining lock is that
  end minus the wall clock, kept between 0 and the lock's own length (``lock_delay`` of the
  stored failure count, at most ``MAX_DELAY_S``): a clock set back extends a lock to at most
  its own length, never to a day. A clock set forward before a restart ends the lock early;
  the failure count is not reset by time, so each further wrong PIN locks again at once, with
  a doubled delay — one guess per clock change and restart of the kiosk.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass

import argon2
import argon2.exceptions

from kiosk.errors import InvalidInput
from kiosk.store import Store

FREE_ATTEMPTS = 5
FIRST_DELAY_S = 30.0
MAX_DELAY_S = 3600.0
MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12

# OWASP's argon2id baseline (19 MiB, 2 passes): ~20 ms per check on the station.
_hasher = argon2.PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown ids (made on first need, not at start-up)."""
    return _hasher.hash("000000-not-a-pin")


@dataclass(frozen=True)
class Counsellor:
    id: int
    name: str


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    counsellor: Counsellor | None
    locked_for: float  # seconds until the next try is possible, 0 if none
    attempts_left: int
    message: str  # German, plain words, empty on success


def check_pin_format(pin: str) -> str | None:
    """German message if *pin* is not acceptable as a new PIN, else None."""
    if not pin.isascii() or not pin.isdigit():
        return "Die PIN darf nur aus Ziffern bestehen."
    if len(pin) < MIN_PIN_DIGITS:
        return f"Die PIN muss mindestens {MIN_PIN_DIGITS} Ziffern haben."
    if len(pin) > MAX_PIN_DIGITS:
        return f"Die PIN darf höchstens {MAX_PIN_DIGITS} Ziffern haben."
    if len(set(pin)) == 1 or pin in "01234567890" or pin in "98765432109":
        return "Diese PIN ist zu leicht zu erraten. Bitte eine andere wählen."
    return None


def lock_delay(failures: int) -> float:
    """Seconds of lockout after *failures* consecutive wrong PINs."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(FIRST_DELAY_S * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S)


def _wait_words(seconds: float) -> str:
    seconds = max(1, int(seconds + 0.999))
    if seconds < 90:
        return f"{seconds} Sekunden"
    return f"{(seconds + 59) // 60} Minuten"


class Auth:
    def __init__(
        self,
        store: Store,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._clock = clock
        self._monotonic = monotonic
        # counsellor id -> (stored lock end it stands for, monotonic end of that lock)
        self._lock_ends: dict[int, tuple[float, float]] = {}

    def _remaining_lock(self, counsellor_id: int, locked_until: float, failures: int) -> float:
        """Seconds the stored lock still runs (see the module docstring for the rule)."""
        if locked_until <= 0:
            self._lock_ends.pop(counsellor_id, None)
            return 0.0
        known = self._lock_ends.get(counsellor_id)
        if known is None or known[0] != locked_until:
            # First sight of this lock in this process: the wall clock, kept within bounds.
            longest = lock_delay(max(failures, FREE_ATTEMPTS))
            remaining = min(max(locked_until - self._clock(), 0.0), longest)
            known = (locked_until, self._monotonic() + remaining)
            self._lock_ends[counsellor_id] = known
        return max(known[1] - self._monotonic(), 0.0)

    def enrol(self, name: str, pin: str, actor: str = "admin") -> Counsellor:
        name = " ".join(name.split())
        if not name or len(name) > 100 or not name.isprintable():
            raise InvalidInput(
                "counsellor name must be 1-100 printable characters",
                "Bitte einen Namen mit 1 bis 100 Zeichen angeben.",
            )
        problem = check_pin_format(pin)
        if problem:
            raise InvalidInput("PIN rejected: " + problem, problem)
        counsellor_id = self._store.counsellors.add(name, _hasher.hash(pin), actor)
        return Counsellor(counsellor_id, name)

    def counsellors(self) -> list[Counsellor]:
        return [Counsellor(r.id, r.name) for r in self._store.counsellors.active()]

    def login(self, counsellor_id: int, pin: str) -> LoginResult:
        rec = self._store.counsellors.get(counsellor_id)
        if rec is None or not rec.active:
            # Same work as a real check, so timing does not tell which ids exist.
            self._verify(_dummy_hash(), pin)
            return LoginResult(False, None, 0.0, 0, "Unbekannte Anmeldung.")
        wait = self._remaining_lock(rec.id, rec.locked_until, rec.failed_attempts)
        if wait > 0:
            return LoginResult(
                False,
                None,
                wait,
                0,
                "Zu viele falsche Versuche. Die Anmeldung ist gesperrt. "
                f"Bitte in {_wait_words(wait)} erneut versuchen.",
            )
        if self._verify(rec.pin_hash, pin):
            new_hash = _hasher.hash(pin) if _hasher.check_needs_rehash(rec.pin_hash) else None
            self._store.counsellors.record_success(rec.id, new_hash)
            self._lock_ends.pop(rec.id, None)
            return LoginResult(True, Counsellor(rec.id, rec.name), 0.0, FREE_ATTEMPTS, "")
        failures = rec.failed_attempts + 1
        delay = lock_delay(failures)
        locked_until = self._clock() + delay if delay else 0.0
        self._store.counsellors.record_failure(rec.id, locked_until)
        if delay:
            self._lock_ends[rec.id] = (locked_until, self._monotonic() + delay)
            return LoginResult(
                False,
                None,
                delay,
                0,
                "Die PIN ist falsch. Wegen zu vieler Fehlversuche ist die Anmeldung jetzt "
                f"gesperrt. Bitte in {_wait_words(delay)} erneut versuchen.",
            )
        left = FREE_ATTEMPTS - failures
        return LoginResult(
            False,
            None,
            0.0,
            left,
            f"Die PIN ist falsch. Noch {left} "
            + ("Versuch" if left == 1 else "Versuche")
            + ", dann wird die Anmeldung vorübergehend gesperrt.",
        )

    check_pin = login

    @staticmethod
    def _verify(pin_hash: str, pin: str) -> bool:
        try:
            return _hasher.verify(pin_hash, pin)
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return False
