"""Counsellor PINs: hashed, checked, and locked after 5 failures — across restarts."""

from __future__ import annotations

import pytest

from kiosk.app import DEMO_PIN, Station
from kiosk.auth import Auth
from kiosk.auth.counsellors import FREE_ATTEMPTS, lock_delay
from kiosk.errors import InvalidInput


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


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
    auth = Auth(station.store, clock=clock)
    cid = _demo_id(station)
    for left in range(FREE_ATTEMPTS - 1, 0, -1):
        r = auth.login(cid, "999999")
        assert not r.ok and r.attempts_left == left and f"Noch {left}" in r.message
    locked = auth.login(cid, "999999")
    assert not locked.ok and locked.locked_for == lock_delay(FREE_ATTEMPTS) > 0
    assert "gesperrt" in locked.message

    station.close()
    reopened = Station.open(data_dir, keyring_backend=memory_keyring)
    auth = Auth(reopened.store, clock=clock)
    still = auth.login(cid, DEMO_PIN)  # even the right PIN is not checked while locked
    assert not still.ok and "gesperrt" in still.message

    clock.now += lock_delay(FREE_ATTEMPTS) + 1
    assert auth.login(cid, DEMO_PIN).ok
    # A success resets the counter: the next wrong PIN leaves 4 attempts again.
    assert auth.login(cid, "999999").attempts_left == FREE_ATTEMPTS - 1
    reopened.close()


def test_lock_delay_grows_with_each_further_failure(station, clock):
    auth = Auth(station.store, clock=clock)
    cid = _demo_id(station)
    delays = []
    for _ in range(FREE_ATTEMPTS + 2):
        r = auth.login(cid, "999999")
        if r.locked_for:
            delays.append(r.locked_for)
            clock.now += r.locked_for + 0.5
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
