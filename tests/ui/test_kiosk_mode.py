"""Kiosk lock-down: closing needs a counsellor PIN; idle time locks back to the login."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.app import DEMO_PIN
from tests.ui.helpers import log_in, open_window


def test_kiosk_window_is_frameless_and_refuses_to_close_without_pin(qtbot, demo_station):
    window = open_window(qtbot, demo_station, kiosk=True)
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.close() is False
    assert window.isVisible()
    dialog = window.pin_dialog
    assert dialog is not None and dialog.isVisible()

    # Wrong PIN: the dialog stays and says so; the window stays.
    dialog.enter("999999")
    qtbot.waitUntil(lambda: "falsch" in dialog.message.text(), timeout=5000)
    assert window.isVisible() and window.pin_dialog is dialog

    # Cancel: still running.
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: window.pin_dialog is None, timeout=2000)
    assert window.isVisible()

    # The quit shortcut asks again; the right PIN closes the kiosk.
    with qtbot.waitActive(window):
        window.activateWindow()
    QTest.keySequence(window, "Ctrl+Q")
    qtbot.waitUntil(lambda: window.pin_dialog is not None, timeout=2000)
    window.pin_dialog.enter(DEMO_PIN)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_normal_window_closes_without_pin(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    assert window.close() is True
    assert window.pin_dialog is None


def test_idle_timeout_locks_to_login_and_signals_first(qtbot, demo_station):
    window = open_window(qtbot, demo_station, idle_timeout_s=1.0)
    log_in(qtbot, window)
    assert window.current_screen_name != "login"
    order = []
    window.locking.connect(
        lambda reason: order.append(("locking", reason, window.session.logged_in))
    )
    window.locked.connect(lambda: order.append(("locked",)))
    qtbot.waitUntil(lambda: window.current_screen_name == "login", timeout=3000)
    assert order == [("locking", "idle", True), ("locked",)]
    assert not window.session.logged_in


def test_input_postpones_the_idle_lock(qtbot, demo_station):
    window = open_window(qtbot, demo_station, idle_timeout_s=1.0)
    log_in(qtbot, window)
    for _ in range(8):
        qtbot.wait(250)
        QTest.mouseMove(window.current_screen, window.current_screen.rect().center())
        QTest.keyClick(window.current_screen, Qt.Key.Key_Shift)
    assert window.session.logged_in
    qtbot.waitUntil(lambda: not window.session.logged_in, timeout=3000)


def test_idle_lock_saves_the_open_screen_first(qtbot, demo_station):
    from PySide6.QtWidgets import QWidget

    from ui.window import register_screen

    saved = []

    class Editing(QWidget):
        title = "Bearbeitung"

        def __init__(self, window):
            super().__init__()

        def save_now(self):
            saved.append(True)

    register_screen("test-editing", Editing)
    window = open_window(qtbot, demo_station, idle_timeout_s=1.0)
    log_in(qtbot, window)
    window.show_screen("test-editing")
    qtbot.waitUntil(lambda: window.current_screen_name == "login", timeout=3000)
    assert saved == [True]


def test_idle_lock_follows_the_station_configuration(qtbot, demo_station):
    from dataclasses import replace

    demo_station.config = replace(demo_station.config, idle_minutes=2)
    window = open_window(qtbot, demo_station)
    log_in(qtbot, window)
    assert window.idle.timeout_s == 120
    # An explicit time (``--idle-minutes``) wins over the configuration.
    explicit = open_window(qtbot, demo_station, idle_timeout_s=30.0)
    log_in(qtbot, explicit)
    assert explicit.idle.timeout_s == 30
