"""One sending pass at a time per station: a second pass (another thread, another process)
returns at once while one runs, and no claim is sent twice; the sending panel's operations
(overview, send now, retry) against the FIT-Connect test double."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.store import outbox as ob
from kiosk.sync.runner import BUSY_DE, NOT_SET_UP_DE, pass_lock, run_pass, station_sender
from kiosk.sync.transport import OFFLINE_DE
from tests.fake_fit_connect import FakeFitConnect
from tests.sending_support import (
    closed_port_url,
    sending_demo_station,
    unconfigured_demo_station,
)
from tests.sync_support import ACTOR, signed_claims


@pytest.fixture
def fake() -> Iterator[FakeFitConnect]:
    with FakeFitConnect() as f:
        yield f


@pytest.fixture
def station(tmp_path: Path, memory_keyring: Any, fake: FakeFitConnect) -> Iterator[Any]:
    st = sending_demo_station(tmp_path, memory_keyring, fake.url)
    try:
        yield st
    finally:
        st.close()


def test_a_second_pass_while_one_runs_returns_at_once_and_nothing_is_sent_twice(
        station, fake, memory_keyring):
    from kiosk.app import Station

    claims = signed_claims(station, 3)
    inside = threading.Event()
    release = threading.Event()

    def slow_sender(st: Any) -> Any:
        sender = station_sender(st)
        plain = sender.documents

        def documents(claim_id: str) -> bytes | None:
            inside.set()  # the first pass is in the middle of announcing a claim
            assert release.wait(10)
            return plain(claim_id)

        sender.documents = documents
        return sender

    first: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: first.update(
        result=run_pass(station, sender=slow_sender)))
    thread.start()
    try:
        assert inside.wait(10)
        # A second pass on its own connection (what the kiosk's background pass does).
        other = Station.open(station.dir.path, keyring_backend=memory_keyring)
        try:
            began = time.monotonic()
            second = run_pass(other)
            took = time.monotonic() - began
        finally:
            other.close()
    finally:
        release.set()
        thread.join(30)
    assert second.busy and second.report is None and second.message == BUSY_DE
    assert took < 1.0
    assert first["result"].report.online is True
    assert fake.arrived_once() == dict.fromkeys(claims, 1)
    assert {station.store.outbox.get(c).state for c in claims} == {ob.ACCEPTED}
    # The lock went with the pass: the next one runs.
    assert not run_pass(station).busy


def test_a_pass_in_another_process_makes_this_one_return_at_once(station, fake, tmp_path):
    claims = signed_claims(station, 2)
    script = ("import sys, time\n"
              "from kiosk.sync.runner import pass_lock\n"
              "with pass_lock(sys.argv[1]) as held:\n"
              "    print('held' if held else 'busy', flush=True)\n"
              "    sys.stdin.readline()\n")
    child = subprocess.Popen([sys.executable, "-c", script, str(station.dir.path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        result = run_pass(station)
        assert result.busy
        assert fake.requests == 0
        assert {station.store.outbox.get(c).state for c in claims} == {ob.QUEUED}
    finally:
        child.communicate("\n", timeout=10)
    assert run_pass(station).report is not None
    assert fake.arrived_once() == dict.fromkeys(claims, 1)


def test_the_lock_is_exclusive_and_not_waited_for(tmp_path):
    with pass_lock(tmp_path) as first:
        began = time.monotonic()
        with pass_lock(tmp_path) as second:
            assert first and not second
        assert time.monotonic() - began < 0.5
    with pass_lock(tmp_path) as again:
        assert again


def test_the_panel_shows_each_claim_from_queued_to_accepted(station, fake):
    claims = signed_claims(station, 2, canary="Panel")
    visit = station.visit(ACTOR)
    before = visit.sending_overview()
    assert before.configured and before.notice == ""
    rows = {r.claim_id: r for r in before.rows}
    assert set(rows) == set(claims)
    first = rows[next(iter(claims))]
    assert first.family_name == "PanelFAM0, PanelGIV0"  # as the case list shows it
    assert "Kindergeld" in first.benefit and first.office == "Familienkasse"
    assert first.state_label == "Wartet auf Versand"
    assert (first.steps_done, first.steps) == (0, 3)
    assert not first.can_retry and first.problem == ""
    assert before.waiting == 2

    result = visit.send_now()
    assert not result.busy and result.report is not None
    assert {c.state for c in result.report.claims} >= {ob.ACCEPTED}
    after = visit.sending_overview()
    assert after.online is True and after.waiting == 0
    for row in after.rows:
        assert row.state_label == "Von der Stelle bestätigt"
        assert row.steps_done == row.steps == 3
        assert row.next_attempt == ""
    assert fake.arrived_once() == dict.fromkeys(claims, 1)


def test_a_rejection_and_a_claim_that_needs_help_are_in_plain_words_and_retried(
        station, fake):
    claims = list(signed_claims(station, 2))
    fake.answer = "reject"
    visit = station.visit(ACTOR)
    visit.send_now()
    fake.answer = "accept"
    rows = {r.claim_id: r for r in visit.sending_overview().rows}
    assert rows[claims[0]].state_label == "Von der Stelle abgelehnt"
    assert "Unterlagen unvollständig" in rows[claims[0]].problem
    assert not rows[claims[0]].can_retry

    (stuck,) = signed_claims(station, 1, start=5)
    station.store.outbox.needs_attention(stuck, "Für diese Stelle ist kein Empfänger "
                                                "eingetragen.")
    row = next(r for r in visit.sending_overview().rows if r.claim_id == stuck)
    assert row.can_retry and row.problem.startswith("Für diese Stelle")
    assert visit.sending_overview().rows[0].claim_id == stuck  # needs help: on top
    again = visit.retry_sending(stuck)
    assert again is not None and again.state == ob.QUEUED and not again.can_retry
    visit.send_now()
    assert station.store.outbox.get(stuck).state == ob.ACCEPTED
    assert fake.arrived_once()[stuck] == 1


def test_offline_the_panel_says_so_and_the_claims_stay_queued(tmp_path, memory_keyring):
    st = sending_demo_station(tmp_path, memory_keyring, closed_port_url())
    try:
        (claim,) = signed_claims(st, 1)
        visit = st.visit(ACTOR)
        result = visit.send_now()
        assert result.report is not None and result.report.online is False
        overview = visit.sending_overview()
        assert overview.online is False
        assert overview.notice == OFFLINE_DE
        (row,) = overview.rows
        assert row.state == ob.QUEUED
        assert row.problem == OFFLINE_DE  # the pass's own words, kept for the panel
        assert row.next_attempt.startswith("Nächster Versuch")
    finally:
        st.close()


def test_without_a_fit_connect_section_nothing_runs_and_the_panel_says_so(
        tmp_path, memory_keyring):
    st = unconfigured_demo_station(tmp_path, memory_keyring)
    try:
        signed_claims(st, 1)
        visit = st.visit(ACTOR)
        result = visit.send_now()
        assert result.report is None and result.problem == NOT_SET_UP_DE
        overview = visit.sending_overview()
        assert not overview.configured and overview.notice == NOT_SET_UP_DE
        assert [r.state for r in overview.rows] == [ob.QUEUED]
    finally:
        st.close()
