"""Idle lock in family mode: the family sees a calm "please call your counsellor" in its
own language (right-to-left in Arabic), never the German login and nothing of the case;
after a counsellor's PIN family mode is back on the same case, claim and language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.app import DEMO_PIN
from tests.ui.helpers import log_in, open_window
from tests.ui.test_signature_pad import mouse_sign, name_path
from ui.i18n import LANGUAGES, Texts


def _family_on_second_claim(qtbot, family_case, test_catalog, lang, idle_s=60.0):
    station, case_id, claim_ids = family_case
    station.forms = test_catalog
    window = open_window(qtbot, station, idle_timeout_s=idle_s)
    log_in(qtbot, window)
    screen = window.show_screen("family", case_id=case_id, lang="de",
                                return_to=("claims", {"case_id": case_id}))
    qtbot.waitExposed(screen)
    qtbot.mouseClick(screen.language_buttons[lang], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    assert screen.claim.id == claim_ids[1] and screen.language == lang
    return window, screen, case_id, claim_ids


def _texts_on(widget) -> str:
    return " ".join(lab.text() for lab in widget.findChildren(QLabel) if lab.isVisibleTo(widget))


def test_idle_in_family_mode_asks_the_family_to_call_the_counsellor_then_returns(
        qtbot, family_case, test_catalog):
    window, _screen, case_id, claim_ids = _family_on_second_claim(
        qtbot, family_case, test_catalog, "uk", idle_s=0.5)

    # Nobody touches the kiosk: it locks itself.
    qtbot.waitUntil(lambda: window.current_screen_name == "family_locked", timeout=5000)
    locked = window.current_screen
    uk = Texts("uk")
    shown = _texts_on(locked)
    assert uk("family.locked_title") in shown and uk("family.locked_text") in shown
    assert locked.unlock_button.text() == uk("family.locked_unlock")
    assert "Anmelden" not in shown and "PIN eingeben" not in shown  # not the German login
    assert "Yılmaz" not in shown  # nothing of the case while locked
    assert not window.session.logged_in
    assert window.isFullScreen() and not window.header.isVisible()

    # A wrong PIN keeps it locked; the counsellor's PIN returns to the same claim.
    qtbot.mouseClick(locked.unlock_button, Qt.MouseButton.LeftButton)
    dialog = window.pin_dialog
    assert dialog is not None
    assert dialog.who.currentText() == "Demo-Beraterin"  # who was logged in, preselected
    dialog.enter("000001")
    qtbot.waitUntil(lambda: "falsch" in dialog.message.text(), timeout=5000)
    assert window.current_screen is locked
    dialog.enter(DEMO_PIN)
    qtbot.waitUntil(lambda: window.current_screen_name == "family", timeout=5000)
    back = window.current_screen
    assert window.session.logged_in
    assert back.case_id == case_id
    assert back.claim.id == claim_ids[1]  # the same claim …
    assert back.language == "uk"  # … in the same language …
    assert back.language_buttons["uk"].isChecked()
    assert back.fullscreen and window.isFullScreen()  # … in family mode
    assert uk("family.sign_button") == back.sign_button.text()

    # Leaving family mode still needs the PIN and goes where it went before the lock.
    back.request_leave()
    window.pin_dialog.enter(DEMO_PIN)
    qtbot.waitUntil(lambda: window.current_screen_name == "claims", timeout=5000)
    assert window.current_screen.case_id == case_id


def test_the_calm_screen_is_right_to_left_in_arabic(qtbot, family_case, test_catalog):
    window, _screen, _case_id, claim_ids = _family_on_second_claim(
        qtbot, family_case, test_catalog, "ar")
    window.lock("idle")
    locked = window.current_screen
    assert window.current_screen_name == "family_locked"
    assert locked.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert Texts("ar")("family.locked_title") in _texts_on(locked)
    locked.request_unlock()
    window.pin_dialog.enter(DEMO_PIN)
    qtbot.waitUntil(lambda: window.current_screen_name == "family", timeout=5000)
    back = window.current_screen
    assert back.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert back.claim.id == claim_ids[1] and back.language == "ar"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_calm_screen_speaks_every_language(qtbot, family_case, test_catalog, lang):
    window, _screen, _case_id, _ids = _family_on_second_claim(
        qtbot, family_case, test_catalog, lang)
    window.lock("idle")
    locked = window.current_screen
    t = Texts(lang)
    assert locked.language == lang
    assert locked.heading.text() == t("family.locked_title")
    if lang != "de":
        assert t("family.locked_title") != Texts("de")("family.locked_title")


def test_idle_outside_family_mode_still_locks_to_the_login(qtbot, demo_station):
    window = open_window(qtbot, demo_station)
    log_in(qtbot, window)
    window.lock("idle")
    assert window.current_screen_name == "login"


def test_a_signature_begun_before_the_idle_lock_is_still_on_the_pad_after(
        qtbot, family_case, test_catalog):
    window, screen, _case_id, claim_ids = _family_on_second_claim(
        qtbot, family_case, test_catalog, "tr")
    pad = screen.signature_field.pad
    mouse_sign(pad, name_path(pad))
    drawn = pad.signature.to_dict()
    assert pad.signature.point_count() > 10
    window.lock("idle")
    window.current_screen.request_unlock()
    window.pin_dialog.enter(DEMO_PIN)
    qtbot.waitUntil(lambda: window.current_screen_name == "family", timeout=5000)
    back = window.current_screen
    assert back.claim.id == claim_ids[1]
    assert back.signature_field.pad.signature.to_dict() == drawn  # nothing of it lost
    assert back.sign_button.isEnabled()


def test_a_begun_signature_does_not_follow_the_family_to_another_claim(
        qtbot, family_case, test_catalog):
    window, screen, _case_id, claim_ids = _family_on_second_claim(
        qtbot, family_case, test_catalog, "de")
    pad = screen.signature_field.pad
    mouse_sign(pad, name_path(pad))
    qtbot.mouseClick(screen.previous_button, Qt.MouseButton.LeftButton)
    assert screen.claim.id == claim_ids[0] and screen.signature_field.pad.signature.is_empty()
    window.lock("idle")
    window.current_screen.request_unlock()
    window.pin_dialog.enter(DEMO_PIN)
    qtbot.waitUntil(lambda: window.current_screen_name == "family", timeout=5000)
    assert window.current_screen.signature_field.pad.signature.is_empty()
