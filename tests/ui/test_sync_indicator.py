"""The sync indicator in the status bar: connection, claims waiting, last error."""

from __future__ import annotations

from tests.ui.helpers import log_in, open_window
from ui.widgets.sync_indicator import SyncIndicator, SyncStatus, station_status


def test_window_shows_the_outbox_of_the_real_store(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    window.finish_startup()
    log_in(qtbot, window)
    ind = window.sync_indicator
    assert ind.isVisible()
    assert station_status(demo_station).waiting == 0
    assert ind.queue.text() == "Keine Anträge warten auf Versand"
    assert "Versandstatus" == ind.accessibleName()


def test_waiting_claims_offline_and_last_error_in_plain_words(qtbot):
    states = iter(
        [
            SyncStatus(online=False, waiting=3, last_error="Die Familienkasse antwortet nicht."),
            SyncStatus(online=True, waiting=1),
        ]
    )
    ind = SyncIndicator(lambda: next(states), interval_ms=60_000)
    qtbot.addWidget(ind)
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
    ind.show()
    assert "Die Datenbank ist gesperrt." in ind.error.text()
