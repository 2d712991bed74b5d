"""The sending panel: each claim from queued to accepted after "Jetzt senden" against the
FIT-Connect test double; an unreachable service in plain German; the kiosk keeps answering
while a slow pass runs; background passes without a click; a station without sending set
up runs nothing and says so. Fits at 1024×768 in large text and is named, touch sized and
reachable by keyboard."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.sync.runner import NOT_SET_UP_DE, PassResult
from kiosk.sync.sender import RunReport
from kiosk.sync.transport import OFFLINE_DE
from tests.fake_fit_connect import FakeFitConnect
from tests.sending_support import (
    closed_port_url,
    sandbox_demo_station,
    sandbox_process,
    sending_demo_station,
    unconfigured_demo_station,
)
from tests.sync_support import ACTOR, signed_claims
from tests.ui.helpers import log_in, open_window

ACCEPTED = "Von der Stelle bestätigt"
QUEUED = "Wartet auf Versand"


@pytest.fixture
def fake() -> Iterator[FakeFitConnect]:
    with FakeFitConnect() as f:
        yield f


@pytest.fixture
def station(tmp_path, memory_keyring, fake) -> Iterator[Any]:
    st = sending_demo_station(tmp_path, memory_keyring, fake.url)
    try:
        yield st
    finally:
        st.close()


def open_panel(qtbot, window) -> Any:
    panel = window.show_screen("sending")
    qtbot.waitUntil(lambda: panel.ready, timeout=10000)
    return panel


def test_send_now_takes_each_claim_from_queued_to_accepted(qtbot, station, fake):
    claims = signed_claims(station, 2)
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    cases = window.current_screen
    qtbot.mouseClick(cases.sending_button, Qt.MouseButton.LeftButton)  # "Versand"
    assert window.current_screen_name == "sending"
    panel = window.current_screen
    qtbot.waitUntil(lambda: panel.ready, timeout=10000)
    assert panel.states() == dict.fromkeys(claims, QUEUED)
    assert all(w.progress.value() == 0 for w in panel.rows.values())
    assert panel.send_button.isEnabled()

    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    assert not panel.send_button.isEnabled()  # one pass at a time
    qtbot.waitUntil(lambda: panel.states() == dict.fromkeys(claims, ACCEPTED), timeout=20000)
    assert panel.send_button.isEnabled()
    assert "Von der Stelle bestätigt" in panel.result.text()
    for widget in panel.rows.values():
        assert widget.progress.value() == widget.progress.maximum() == 3
        assert widget.retry_button is None
    assert fake.arrived_once() == dict.fromkeys(claims, 1)
    assert "Online" in window.sync_indicator.connection.text()
    # Back on the case list, a pass still ends quietly (the closed panel is not touched).
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert window.current_screen_name == "cases"
    with qtbot.waitSignal(window.sending.finished, timeout=20000):
        assert window.sending.send_now()
    QApplication.processEvents()
    assert window.current_screen_name == "cases"


def test_an_unreachable_service_is_said_in_german_and_nothing_is_lost(
        qtbot, tmp_path, memory_keyring):
    st = sending_demo_station(tmp_path, memory_keyring, closed_port_url())
    try:
        claims = signed_claims(st, 1)
        window = open_window(qtbot, st)
        log_in(qtbot, window)
        panel = open_panel(qtbot, window)
        qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.notice.text() == OFFLINE_DE and panel.notice.isVisible(),
                        timeout=20000)
        qtbot.waitUntil(lambda: not panel.loading, timeout=5000)
        assert panel.states() == dict.fromkeys(claims, QUEUED)
        (row,) = panel.rows.values()
        assert row.problem.text() == OFFLINE_DE
        assert row.next_attempt.text().startswith("Nächster Versuch")
        assert "Offline" in window.sync_indicator.connection.text()
    finally:
        st.close()


@pytest.mark.slow
def test_the_kiosk_keeps_answering_while_a_slow_pass_runs(qtbot, tmp_path, memory_keyring):
    """Against the real sandbox in a process of its own, every request 0.3 s late (a
    service in the same process would share the interpreter and prove nothing)."""
    with sandbox_process(tmp_path / "sandbox", "--latency-ms", "300") as (base, ca):
        st = sandbox_demo_station(tmp_path, memory_keyring, base, ca)
        try:
            claims = signed_claims(st, 2)
            window = open_window(qtbot, st)
            log_in(qtbot, window)
            panel = open_panel(qtbot, window)
            gaps: list[int] = []
            clock = QElapsedTimer()
            ticker = QTimer()
            ticker.setInterval(20)
            ticker.timeout.connect(lambda: gaps.append(clock.restart()))
            began = time.monotonic()
            with qtbot.waitSignal(window.sending.finished, timeout=60000):
                qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
                clock.start()
                ticker.start()
            took = time.monotonic() - began
            ticker.stop()
            qtbot.waitUntil(lambda: not panel.loading, timeout=10000)
            assert set(panel.states()) == set(claims)
            assert QUEUED not in panel.states().values()  # the pass did send them
        finally:
            st.close()
    assert took > 2.0, "the pass was not slow; the test proves nothing"
    # The UI thread kept turning all along: no pause anywhere near the pass's length.
    assert max(gaps) < 250, f"the UI stood still for {max(gaps)} ms during a {took:.1f} s pass"
    assert len(gaps) > took * 1000 / 20 / 2


def test_background_passes_send_without_a_click_and_the_panel_follows(qtbot, station, fake):
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    panel = open_panel(qtbot, window)
    sending = window.sending
    assert sending is not None and not sending.automatic
    claims = signed_claims(station, 1)
    sending.start(first_s=0.05)
    qtbot.waitUntil(lambda: panel.states() == dict.fromkeys(claims, ACCEPTED), timeout=20000)
    # The next pass is planned about a minute later; a new signature brings it forward.
    left = sending.next_in_ms()
    assert left is not None and left > 30_000
    sending.queue_changed()
    assert sending.next_in_ms() <= sending.soon_s * 1000 * 1.1  # (a coarse timer: 5 %)
    sending.stop()
    assert sending.next_in_ms() is None


def test_retry_sends_a_claim_that_needed_help_again(qtbot, station, fake):
    (stuck,) = signed_claims(station, 1)
    station.store.outbox.needs_attention(stuck, "Für diese Stelle ist in der "
                                                "Stationskonfiguration kein Empfänger "
                                                "eingetragen.")
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    panel = open_panel(qtbot, window)
    row = panel.rows[stuck]
    assert row.problem.isVisible() and "kein Empfänger" in row.problem.text()
    assert row.retry_button is not None
    qtbot.mouseClick(row.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.states().get(stuck) == QUEUED, timeout=10000)
    assert panel.rows[stuck].retry_button is None
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.states().get(stuck) == ACCEPTED, timeout=20000)
    assert fake.arrived_once() == {stuck: 1}


def test_tapping_the_status_bar_opens_the_panel(qtbot, station):
    window = open_window(qtbot, station)
    qtbot.mouseClick(window.sync_indicator, Qt.MouseButton.LeftButton)
    assert window.current_screen_name == "login"  # nobody logged in: nothing opens
    log_in(qtbot, window)
    qtbot.mouseClick(window.sync_indicator, Qt.MouseButton.LeftButton)
    assert window.current_screen_name == "sending"


def test_without_sending_set_up_nothing_runs_and_the_panel_says_so(
        qtbot, tmp_path, memory_keyring):
    st = unconfigured_demo_station(tmp_path, memory_keyring)
    try:
        signed_claims(st, 1)
        window = open_window(qtbot, st, send_in_background=True)
        assert window.sending is None
        log_in(qtbot, window)
        panel = open_panel(qtbot, window)
        assert panel.notice.text() == NOT_SET_UP_DE and panel.notice.isVisible()
        assert not panel.send_button.isEnabled()
        assert list(panel.states().values()) == [QUEUED]
    finally:
        st.close()


# --- fits the screen; named, touch sized, reachable ------------------------------------------

def _varied_rows(station: Any) -> list[str]:
    """Claims in every look the panel has: waiting, needing help (long words), rejected."""
    claims = list(signed_claims(station, 4))
    outbox = station.store.outbox
    outbox.needs_attention(claims[0], "Die Stelle hat den Antrag nicht angenommen, weil die "
                                      "Angaben zum Versand nicht zum FIT-Connect-Schema "
                                      "passen. Bitte die IT-Betreuung verständigen.")
    outbox.retry_later(claims[1], "connection refused", 600)
    # A follow-up (a document handed in after the claim left) that needs help.
    outbox.announced(claims[2], "dest", "sub-1", "case-1", "kid", [])
    outbox.submitted(claims[2])
    case_id = station.store.claims.get_claim(claims[2]).case_id
    with station.store.transaction() as tx:
        doc = station.store.attachments.add(tx, claims[2], "id_card", "image/png", b"scan",
                                            ACTOR, case_id)
        outbox.followups.route_document(tx, claims[2], doc, ACTOR)
    (followup,) = outbox.followups.of_claim(claims[2])
    outbox.followups.needs_attention(followup.id, "Die Stelle hat den Antrag abgelehnt; "
                                                  "bitte die Nachweise dort abgeben.")
    return claims


def test_a_follow_up_that_needs_help_can_be_discarded_with_two_taps(qtbot, station):
    claims = _varied_rows(station)
    (followup,) = station.store.outbox.followups.of_claim(claims[2])
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    panel = open_panel(qtbot, window)
    row = panel.rows[followup.id]
    assert row.title.text().startswith(row.row.benefit) and "Nachreichung" in row.row.benefit
    assert row.discard_button is not None and row.discard_button.minimumHeight() >= 48
    window.sync_indicator.refresh()
    assert window.sync_indicator.error.full_text().startswith("Letzter Fehler: 2 Anträge")
    qtbot.mouseClick(row.discard_button, Qt.MouseButton.LeftButton)
    assert "Nochmals tippen" in row.discard_button.text()  # nothing gone on the first tap
    assert station.store.outbox.followups.get(followup.id).state == "needs_attention"
    qtbot.mouseClick(row.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.ready and panel.rows[followup.id].row.finished,
                    timeout=10000)
    assert station.store.outbox.followups.get(followup.id).state == "cancelled"
    window.sync_indicator.refresh()  # one fewer needs help
    assert window.sync_indicator.error.full_text().startswith("Letzter Fehler: 1 Antrag ")


@pytest.mark.parametrize(("size", "large"), [((1024, 768), True), ((1280, 800), False)],
                         ids=["1024x768-large", "1280x800-normal"])
def test_the_panel_fits(qtbot, station, size, large):
    from tests.ui.test_fit_screens import _sized, fit_problems, window_problems
    from ui import style

    _varied_rows(station)
    window = open_window(qtbot, station)
    try:
        _sized(window, size, large)
        log_in(qtbot, window)
        cases = window.current_screen
        qtbot.waitUntil(lambda: not cases.loading, timeout=5000)
        problems = fit_problems("cases", window) + window_problems("cases", window, size)
        panel = open_panel(qtbot, window)
        problems += fit_problems("sending", window) + window_problems("sending", window, size)
        # The longest line a pass leaves beside the buttons: the service is unreachable.
        panel._pass_finished(PassResult(report=RunReport(online=False, problem=OFFLINE_DE)))
        qtbot.waitUntil(lambda: not panel.loading, timeout=5000)
        assert panel.result.text() == OFFLINE_DE
        problems += fit_problems("sending/offline", window)
        # The status bar with a long "Letzter Fehler" (a claim needing help) keeps one line:
        # shortened with "…", the whole text in its tooltip.
        ind = window.sync_indicator
        assert ind.error.isVisible() and ind.error.full_text().startswith("Letzter Fehler")
        assert ind.error.full_text() in ind.toolTip()
        assert not problems, "\n".join(problems)
    finally:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        style.apply(app)


def test_the_panel_is_named_touch_sized_and_reachable(qtbot, station):
    from tests.ui.test_accessibility import accessibility_problems

    _varied_rows(station)
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    with qtbot.waitActive(window):
        window.activateWindow()
    panel = open_panel(qtbot, window)
    assert any(w.retry_button is not None for w in panel.rows.values())
    problems = accessibility_problems("sending", panel)
    assert not problems, "\n".join(problems)


def test_a_new_signature_brings_the_next_pass_forward(qtbot, station):
    window = open_window(qtbot, station, send_in_background=True)
    sending = window.sending
    assert sending is not None and sending.automatic  # what `fvo-kiosk` does
    sending.start(first_s=600)  # the next pass far away
    log_in(qtbot, window)
    window.sync_indicator.refresh()
    assert sending.next_in_ms() > 60_000
    signed_claims(station, 1)  # as signing in family mode does
    window.show_home()  # back from family mode: the status bar counts one more
    assert sending.next_in_ms() <= sending.soon_s * 1000 * 1.1
    sending.stop()


def test_a_failing_pass_is_said_in_plain_words_and_the_kiosk_carries_on(
        qtbot, station, memory_keyring, caplog):
    claims = signed_claims(station, 1)
    for where in [k for k in memory_keyring.secrets if "fit-connect" in k[1]]:
        del memory_keyring.secrets[where]  # IT has not stored the client secret
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    panel = open_panel(qtbot, window)
    with qtbot.waitSignal(window.sending.finished, timeout=20000):
        qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    assert "Zugangsgeheimnis" in panel.result.text()
    assert panel.send_button.isEnabled()  # the next try is possible
    qtbot.waitUntil(lambda: not panel.loading, timeout=5000)
    assert panel.states() == dict.fromkeys(claims, QUEUED)
    failed = [r for r in caplog.records if "sending pass failed" in r.getMessage()]
    assert failed and failed[0].getMessage().endswith("CredentialsMissing")
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert window.current_screen_name == "cases"  # the kiosk goes on
