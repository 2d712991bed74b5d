"""Small helpers shared by the GUI tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from kiosk.app import DEMO_COUNSELLOR, DEMO_PIN
from ui.window import MainWindow


def open_window(qtbot: Any, station: Any, **kw: Any) -> MainWindow:
    window = MainWindow(station, **kw)
    qtbot.addWidget(window)
    window.show_screen("login")
    window.show()
    window.finish_startup()
    qtbot.waitExposed(window)
    return window


def log_in(qtbot: Any, window: MainWindow, name: str = DEMO_COUNSELLOR, pin: str = DEMO_PIN):
    login = window.current_screen
    login.select(name)
    login.enter_pin(pin)
    qtbot.waitUntil(lambda: window.session.logged_in, timeout=5000)
    return window.current_screen


def wait_pin_dialog_closed(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.pin_dialog is None, timeout=5000)


def process_events() -> None:
    QApplication.processEvents()
