"""window.run_in_background: the answer reaches the screen that asked, even one still being
built (the window's current screen is then the previous one, deleted before the answer)."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel, QWidget

from tests.ui.helpers import log_in, open_window
from ui import window as window_module


class _LoadsInConstructor(QWidget):
    def __init__(self, window, gate: threading.Event) -> None:
        super().__init__()
        self.result = None
        self.label = QLabel("…", self)
        window.run_in_background(lambda: gate.wait(5) and "geladen", self._loaded, parent=self)

    def _loaded(self, result) -> None:
        self.result = result


def test_a_load_started_in_a_screen_constructor_reaches_that_screen(qtbot, demo_station):
    gate = threading.Event()
    window_module.register_screen("loads_in_ctor", lambda w: _LoadsInConstructor(w, gate))
    window = open_window(qtbot, demo_station)
    log_in(qtbot, window)
    screen = window.show_screen("loads_in_ctor")
    gate.set()
    qtbot.waitUntil(lambda: screen.result == "geladen", timeout=5000)


def test_without_parent_the_answer_is_tied_to_the_current_screen(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    log_in(qtbot, window)
    gate = threading.Event()
    calls: list = []
    window.run_in_background(lambda: gate.wait(5) and 1, calls.append)
    window.show_screen("cases")  # the screen that asked is gone before the answer
    gate.set()
    qtbot.wait(200)
    assert calls == []


def test_status_area_comes_after_the_first_picture(qtbot, tmp_path, memory_keyring):
    from ui import main as ui_main

    window = ui_main.start(["--demo", "--data-dir", str(tmp_path / "demo")],
                           keyring_backend=memory_keyring)
    qtbot.addWidget(window)
    try:
        assert window.current_screen_name == "login"
        assert window.sync_indicator is None  # not built before the login is shown
        qtbot.waitUntil(lambda: window.sync_indicator is not None, timeout=3000)
    finally:
        window.session.station.close()
        window.close()
