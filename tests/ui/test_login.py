"""Logging in against the real store: wrong PINs, lockout in plain words, the right PIN."""

from __future__ import annotations

from kiosk.app import DEMO_COUNSELLOR, DEMO_PIN
from tests.ui.helpers import log_in, open_window


def test_login_screen_lists_counsellors_from_the_store(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    login = window.current_screen
    assert window.current_screen_name == "login"
    names = [login.counsellors.item(i).text() for i in range(login.counsellors.count())]
    assert names == [DEMO_COUNSELLOR]
    assert not window.lock_button.isVisible()


def test_right_pin_leads_to_the_case_screen(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    with qtbot.waitSignal(window.logged_in, timeout=5000):
        window.current_screen.enter_pin(DEMO_PIN)
    assert window.session.counsellor.name == DEMO_COUNSELLOR
    assert window.session.actor == f"counsellor:{window.session.counsellor.id}"
    assert window.current_screen_name in ("cases", "home")
    assert window.title_label.text() == "Fälle"
    assert DEMO_COUNSELLOR in window.counsellor_label.text()


def test_five_wrong_pins_lock_with_a_plain_message_even_for_the_right_pin(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    login = window.current_screen
    messages = []
    for _ in range(5):
        qtbot.waitUntil(lambda: login.pad.ok_button.isEnabled(), timeout=5000)
        login.enter_pin("111111")
        qtbot.waitUntil(lambda: "PIN wird geprüft" not in login.message.text(), timeout=5000)
        messages.append(login.message.text())
    assert "Noch 4 Versuche" in messages[0]
    assert "Noch 1 Versuch," in messages[3]
    assert "gesperrt" in messages[4] and "Sekunden" in messages[4]
    # The pad stays closed while locked; even the right PIN is refused by the core.
    assert not login.pad.ok_button.isEnabled()
    login.pad.set_busy(False)
    login.enter_pin(DEMO_PIN)
    qtbot.waitUntil(lambda: "PIN wird geprüft" not in login.message.text(), timeout=5000)
    assert "gesperrt" in login.message.text()
    assert not window.session.logged_in
    assert window.current_screen_name == "login"


def test_pin_is_typed_on_the_keyboard_from_the_name_list(qtbot, demo_station):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = open_window(qtbot, demo_station)
    login = window.current_screen
    login.counsellors.setFocus()
    QTest.keyClicks(login.counsellors, DEMO_PIN)
    assert login.pad.pin() == DEMO_PIN
    QTest.keyClick(login.counsellors, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.logged_in, timeout=5000)


def test_manual_lock_returns_to_login(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    log_in(qtbot, window)
    with qtbot.waitSignal(window.locking) as sig:
        window.lock_button.click()
    assert sig.args == ["manual"]
    assert window.current_screen_name == "login"
    assert not window.session.logged_in
