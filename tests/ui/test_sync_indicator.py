"""The sync indicator in the status bar: connection, claims waiting, last error."""

from __future__ import annotations

import time

from kiosk.signature.recorded import recorded_signature
from tests.ui.helpers import log_in, open_window
from tests.ui.test_intake_support import single_parent_household
from ui.widgets.sync_indicator import SyncIndicator, SyncStatus


def test_a_claim_signed_through_the_visit_is_counted_until_it_reaches_its_office(
        qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    ind = window.sync_indicator
    assert ind.queue.text() == ""  # before log-in nothing is read or shown
    log_in(qtbot, window)
    assert ind.isVisible()
    assert ind.queue.text() == "Keine Anträge warten auf Versand"
    assert "Versandstatus" == ind.accessibleName()

    visit = window.session.visit
    case_id = visit.create_case(single_parent_household())
    first = visit.add_claim(case_id, "kindergeld")
    second = visit.add_claim(case_id, "unterhaltsvorschuss", "c1")
    window.show_screen("claims", case_id=case_id)
    assert ind.queue.text() == "Keine Anträge warten auf Versand"  # drafts do not wait

    visit.sign(first, recorded_signature(1), visit.summary(first, "de").sha256)
    window.show_home()  # any screen change (e.g. back from family mode) refreshes it
    assert ind.queue.text() == "1 Antrag wartet auf Versand"
    visit.sign(second, recorded_signature(2), visit.summary(second, "ar").sha256)
    ind.refresh()
    assert ind.queue.text() == "2 Anträge warten auf Versand"
    assert "2 Anträge warten auf Versand" in ind.accessibleDescription()

    # Once a claim has reached its office it no longer waits; a withdrawn one neither.
    store, actor = demo_station.store, window.session.actor
    for state in ("sending", "sent"):  # signing queued them already
        store.claims.set_state(first, state, actor)
        ind.refresh()
        expected = 1 if state == "sent" else 2
        assert ind.queue.text().startswith(str(expected)), state
    store.claims.withdraw_claim(second, actor)
    ind.refresh()
    assert ind.queue.text() == "Keine Anträge warten auf Versand"
    store.claims.set_state(first, "needs_attention", actor)
    ind.refresh()
    assert ind.queue.text() == "1 Antrag wartet auf Versand"

    window.lock("manual")  # locked: the count is gone with the counsellor
    assert ind.queue.text() == ""


def test_the_last_sending_run_shows_online_or_offline_with_its_reason(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    ind = window.sync_indicator
    log_in(qtbot, window)
    assert "nicht geprüft" in ind.connection.text()  # nothing tried yet
    outbox = demo_station.store.outbox
    outbox.cache_put("connection", {"online": False, "at": time.time(),
                                    "error": "Keine Verbindung zum Versanddienst."})
    ind.refresh()
    assert "Offline" in ind.connection.text()
    assert ind.error.text() == "Letzter Fehler: Keine Verbindung zum Versanddienst."
    outbox.cache_put("connection", {"online": True, "at": time.time(), "error": None})
    ind.refresh()
    assert "Online" in ind.connection.text() and not ind.error.isVisible()


def test_waiting_claims_offline_and_last_error_in_plain_words(qtbot):
    states = iter(
        [
            SyncStatus(online=False, waiting=3, last_error="Die Familienkasse antwortet nicht."),
            SyncStatus(online=True, waiting=1),
        ]
    )
    ind = SyncIndicator(lambda: next(states), interval_ms=60_000)
    qtbot.addWidget(ind)
    ind.resize(1280, 40)  # as wide as the status bar
    ind.show()
    assert "Offline" in ind.connection.text()
    assert ind.queue.text() == "3 Anträge warten auf Versand"
    assert ind.error.isVisible()
    assert ind.error.text() == "Letzter Fehler: Die Familienkasse antwortet nicht."
    ind.refresh()
    assert "Online" in ind.connection.text()
    assert ind.queue.text() == "1 Antrag wartet auf Versand"
    assert not ind.error.isVisible()


def test_a_failing_source_is_shown_not_raised(qtbot):
    from kiosk.errors import StoreLocked

    def broken():
        raise StoreLocked("locked", "Die Datenbank ist gesperrt.")

    ind = SyncIndicator(broken, interval_ms=60_000)
    qtbot.addWidget(ind)
    ind.resize(1280, 40)  # as wide as the status bar
    ind.show()
    assert "Die Datenbank ist gesperrt." in ind.error.text()
