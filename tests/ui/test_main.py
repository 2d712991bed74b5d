"""Starting fvo-kiosk: demo provisioning on first start, clear errors, nothing re-created."""

from __future__ import annotations

import hashlib

from kiosk.app import Station
from tests.conftest import MemoryKeyring
from ui import main as ui_main


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_start_provisions_once_and_shows_login(qtbot, tmp_path, memory_keyring):
    data = tmp_path / "demo"
    window = ui_main.start(["--demo", "--data-dir", str(data)], keyring_backend=memory_keyring)
    qtbot.addWidget(window)
    assert window.current_screen_name == "login"
    assert window.isVisible()
    station_id = window.session.station.identity.station_id
    assert "DEMO" in window.windowTitle()
    window.session.station.close()
    window.close()
    again = ui_main.start(["--demo", "--data-dir", str(data)], keyring_backend=memory_keyring)
    qtbot.addWidget(again)
    assert again.session.station.identity.station_id == station_id  # opened, not re-created
    again.session.station.close()
    again.close()


def test_unprovisioned_dir_gives_a_german_message_and_exit_1(qtbot, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(ui_main, "show_error", shown.append)
    empty = tmp_path / "nothing-here"
    assert ui_main.main(["--data-dir", str(empty)]) == 1
    assert len(shown) == 1
    assert "keine Station eingerichtet" in shown[0]
    assert "Traceback" not in shown[0]
    assert not empty.exists()


def test_missing_key_is_reported_and_the_database_left_untouched(qtbot, tmp_path):
    data = tmp_path / "station"
    Station.provision(data, keyring_backend=MemoryKeyring()).close()
    db = data / "kiosk.db"
    before = digest(db)
    shown: list[str] = []
    window = ui_main.start(
        ["--data-dir", str(data)], keyring_backend=MemoryKeyring(), on_error=shown.append
    )
    assert window is None
    assert "Schlüssel" in shown[0] and "nicht verändert" in shown[0]
    assert digest(db) == before


def test_kiosk_flag_opens_full_screen(qtbot, tmp_path, memory_keyring):
    data = tmp_path / "demo"
    window = ui_main.start(
        ["--demo", "--kiosk", "--data-dir", str(data)], keyring_backend=memory_keyring
    )
    qtbot.addWidget(window)
    assert window.kiosk and window.isFullScreen()
    window._quit()  # as after a right PIN
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
    window.session.station.close()
