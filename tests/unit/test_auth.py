"""Counsellor PINs: hashed, checked, and locked after 5 failures — across restarts."""

from __future__ import annotations

import pytest

from kiosk.app import DEMO_PIN, Station
from kiosk.auth import Auth
from kiosk.auth.counsellors import FREE_ATTEMPTS, lock_delay
from kiosk.errors import InvalidInput


class Clock:
    """The wall clock and the monotonic clock: time passing moves both (``advance``),
    someone setting the system clock moves only the wall clock (``now``)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.mono = 12_345.0

    def __call__(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.mono += seconds


def _auth(store, clock: Clock) -> Auth:
    """A kiosk process's Auth; a new one stands for a restart (the monotonic clock goes on)."""
    return Auth(store, clock=clock, monotonic=clock.monotonic)


@pytest.fixture
def clock():
    return Clock()


def _demo_id(station) -> int:
    return station.auth.counsellors()[0].id


def test_demo_counsellor_logs_in_with_the_demo_pin(station):
    result = station.auth.login(_demo_id(station), DEMO_PIN)
    assert result.ok and result.counsellor.name == "Demo-Beraterin"


def test_pin_is_stored_as_argon2id_hash_not_plain(station):
    rec = station.store.counsellors.get(_demo_id(station))
    assert rec.pin_hash.startswith("$argon2id$")
    assert DEMO_PIN not in rec.pin_hash


def test_five_wrong_pins_lock_and_the_lock_survives_a_restart(
    station, data_dir, memory_keyring, clock
):
    auth = _auth(station.store, clock)
    cid = _demo_id(station)
    for left in range(FREE_ATTEMPTS - 1, 0, -1):
        r = auth.login(cid, "999999")
        assert not r.ok and r.attempts_left == left and f"Noch {left}" in r.message
    locked = auth.login(cid, "999999")
    assert not locked.ok and locked.locked_for == lock_delay(FREE_ATTEMPTS) > 0
    assert "gesperrt" in locked.message

    station.close()
    reopened = Station.open(data_dir, keyring_backend=memory_keyring)
    auth = _auth(reopened.store, clock)
    still = auth.login(cid, DEMO_PIN)  # even the right PIN is not checked while locked
    assert not still.ok and "gesperrt" in still.message

    clock.advance(lock_delay(FREE_ATTEMPTS) + 1)
    assert auth.login(cid, DEMO_PIN).ok
    # A success resets the counter: the next wrong PIN leaves 4 attempts again.
    assert auth.login(cid, "999999").attempts_left == FREE_ATTEMPTS - 1
    reopened.close()


def test_lock_delay_grows_with_each_further_failure(station, clock):
    auth = _auth(station.store, clock)
    cid = _demo_id(station)
    delays = []
    for _ in range(FREE_ATTEMPTS + 2):
        r = auth.login(cid, "999999")
        if r.locked_for:
            delays.append(r.locked_for)
            clock.advance(r.locked_for + 0.5)
    assert delays == sorted(delays) and len(set(delays)) == 3


def test_unknown_counsellor_fails_plainly(station):
    r = station.auth.login(4711, DEMO_PIN)
    assert not r.ok and r.counsellor is None


@pytest.mark.parametrize(
    "pin, words",
    [
        ("12345", "mindestens 6"),
        ("12a456", "nur aus Ziffern"),
        ("111111", "leicht"),
        ("123456", "leicht"),
        ("1" * 13, "höchstens"),
    ],
)
def test_weak_or_malformed_pins_are_refused_at_enrolment(station, pin, words):
    with pytest.raises(InvalidInput) as err:
        station.auth.enrol("Neue Beraterin", pin)
    assert words in err.value.user_message


def test_enrolled_counsellor_can_log_in_and_names_are_unique(station):
    c = station.auth.enrol("Ayşe Demir", "470315")
    assert station.auth.login(c.id, "470315").ok
    with pytest.raises(InvalidInput):
        station.auth.enrol("Ayşe Demir", "581937")


def _lock(auth: Auth, cid: int) -> float:
    for _ in range(FREE_ATTEMPTS):
        r = auth.login(cid, "999999")
    assert r.locked_for == lock_delay(FREE_ATTEMPTS) > 0
    return r.locked_for


def test_clock_set_forward_does_not_end_a_lock(station, clock):
    auth = _auth(station.store, clock)
    cid = _demo_id(station)
    delay = _lock(auth, cid)
    clock.now += 2 * 3600  # someone sets the system clock 2 h forward
    r = auth.login(cid, DEMO_PIN)
    assert not r.ok and "gesperrt" in r.message and r.locked_for == delay
    clock.advance(delay - 1)
    assert not auth.login(cid, DEMO_PIN).ok
    clock.advance(2)
    assert auth.login(cid, DEMO_PIN).ok


def test_clock_set_back_does_not_extend_a_lock(station, clock):
    auth = _auth(station.store, clock)
    cid = _demo_id(station)
    delay = _lock(auth, cid)
    clock.now -= 24 * 3600  # back one day
    r = auth.login(cid, DEMO_PIN)
    assert not r.ok and r.locked_for == delay
    clock.advance(delay + 1)
    assert auth.login(cid, DEMO_PIN).ok


def test_clock_set_back_before_a_restart_locks_at_most_the_lock_length(station, clock):
    cid = _demo_id(station)
    auth = _auth(station.store, clock)
    delay = _lock(auth, cid)
    for _ in range(3):  # three more failures, each after its lock ran out: 240 s now
        clock.advance(delay + 1)
        delay = auth.login(cid, "999999").locked_for
    assert delay == lock_delay(FREE_ATTEMPTS + 3) == 240
    clock.now -= 24 * 3600
    restarted = _auth(station.store, clock)
    r = restarted.login(cid, DEMO_PIN)
    assert not r.ok and r.locked_for == delay  # not 86,400 + 240 s
    assert "4 Minuten" in r.message
    clock.advance(delay + 1)
    assert restarted.login(cid, DEMO_PIN).ok


def test_clock_set_forward_before_a_restart_allows_one_guess_then_locks_longer(station, clock):
    """The documented limit: across a restart only the wall clock is left."""
    cid = _demo_id(station)
    _lock(_auth(station.store, clock), cid)
    clock.now += 2 * 3600
    restarted = _auth(station.store, clock)
    r = restarted.login(cid, "999999")
    assert r.locked_for == lock_delay(FREE_ATTEMPTS + 1)  # locked again at once, doubled
    clock.now += 2 * 3600  # the same trick again, without a restart: changes nothing
    assert restarted.login(cid, DEMO_PIN).locked_for == lock_delay(FREE_ATTEMPTS + 1)
