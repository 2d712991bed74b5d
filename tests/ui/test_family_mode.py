"""Family mode: one claim at a time in the family's language, RTL for Arabic, signing with
finger or mouse stores the strokes, and leaving needs the counsellor PIN."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from kiosk.app import DEMO_PIN
from tests.ui.helpers import log_in, open_window
from tests.ui.test_signature_pad import mouse_sign, name_path, touch_sign
from ui.i18n import LANGUAGES, Texts


def open_family(qtbot, family_case, test_catalog, lang="de"):
    station, case_id, claim_ids = family_case
    station.forms = test_catalog  # the station's forms are the test's small catalog
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    screen = window.show_screen("family", case_id=case_id, lang=lang)
    qtbot.waitExposed(screen)
    return window, screen, claim_ids


def visible_texts(widget) -> list[str]:
    """The texts of the visible labels (without the right-to-left marks of Arabic mode)."""
    return [
        lab.text().lstrip("\u200f")
        for lab in widget.findChildren(QLabel)
        if lab.isVisibleTo(widget)
    ]


def test_family_mode_is_full_screen_and_shows_only_its_case(qtbot, family_case, test_catalog):
    window, screen, claim_ids = open_family(qtbot, family_case, test_catalog)
    assert window.isFullScreen()
    assert not window.header.isVisible()
    assert [c.id for c in screen.claims] == claim_ids
    texts = " ".join(visible_texts(screen))
    assert "Yılmaz" in texts
    assert "Andere" not in texts  # the other case's family never appears
    assert screen.heading.text() == "Testgeld"
    assert "Antrag 1 von 2" in screen.position.text()


def test_summary_shows_what_is_sent_with_labels_in_german(qtbot, family_case, test_catalog):
    _, screen, _ = open_family(qtbot, family_case, test_catalog)
    rows = dict(screen.summary_rows)
    assert rows["Familienname"] == "Yılmaz"
    assert rows["Bescheid per Post"] == "Ja"
    assert "543,21" in rows["Miete"] and "€" in rows["Miete"]
    texts = visible_texts(screen)
    assert "Familienkasse" in texts
    assert "Ich bin einverstanden, dass diese Angaben gesendet werden." in texts


def test_arabic_turns_the_whole_layout_right_to_left(qtbot, family_case, test_catalog):
    _, screen, _ = open_family(qtbot, family_case, test_catalog)
    assert screen.layoutDirection() == Qt.LayoutDirection.LeftToRight
    QTest.mouseClick(screen.language_buttons["ar"], Qt.MouseButton.LeftButton)
    assert screen.language == "ar"
    assert screen.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert screen.sign_button.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # Mirrored: the "next" button now sits on the left of "previous".
    qtbot.waitUntil(lambda: screen.next_button.x() < screen.previous_button.x(), timeout=2000)
    ar = Texts("ar")
    assert screen.sign_button.text() == ar("family.sign_button")
    assert screen.heading.text() == "إعانة الاختبار"
    rows = dict(screen.summary_rows)
    assert rows["اسم العائلة"] == "Yılmaz"
    assert rows["القرار بالبريد"] == "نعم"
    assert "صندوق الأسرة (Familienkasse)" in visible_texts(screen)


def test_every_language_can_be_picked(qtbot, family_case, test_catalog):
    _, screen, _ = open_family(qtbot, family_case, test_catalog)
    for code in LANGUAGES:
        screen.language_buttons[code].click()
        assert screen.back_button.text() == Texts(code)("family.back_to_counsellor")
        assert screen.language_buttons[code].isChecked()


def test_touch_signature_and_mouse_signature_are_stored(qtbot, family_case, test_catalog):
    station, _, (first, second) = family_case
    _, screen, _ = open_family(qtbot, family_case, test_catalog, lang="ar")
    pad = screen.signature_field.pad

    # Empty: refused, visibly, in Arabic; nothing stored.
    screen.sign_button.click()
    assert screen.signature_field.problem_text() == Texts("ar")("signature.empty")
    assert station.store.claims.get_signature(first) is None

    touch_sign(pad, QTest.createTouchDevice(), name_path(pad))
    screen.sign_button.click()
    stored = station.store.claims.get_signature(first)
    assert stored is not None and len(stored["strokes"]) == 1
    assert len(stored["strokes"][0]) >= 30
    assert screen.status.text().startswith(Texts("ar")("family.signed"))

    QTest.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    assert screen.claim.id == second
    assert screen.signature_field.pad.signature.is_empty()
    mouse_sign(pad, name_path(pad))
    screen.sign_button.click()
    stored2 = station.store.claims.get_signature(second)
    assert stored2 is not None and stored2["strokes"][0][0][3] == 0.5  # mouse: no pressure
    assert Texts("ar")("family.all_done") in screen.status.text()


def test_a_short_scribble_is_refused_and_not_stored(qtbot, family_case, test_catalog):
    station, _, (first, _) = family_case
    _, screen, _ = open_family(qtbot, family_case, test_catalog)
    pad = screen.signature_field.pad
    mouse_sign(pad, name_path(pad)[:3])
    assert screen.sign() is False
    assert "zu kurz" in screen.signature_field.problem_text()
    assert station.store.claims.get_signature(first) is None


def test_leaving_needs_the_counsellor_pin(qtbot, family_case, test_catalog):
    window, screen, _ = open_family(qtbot, family_case, test_catalog)
    screen.back_button.click()
    dialog = window.pin_dialog
    assert dialog is not None
    dialog.enter("000001")
    qtbot.waitUntil(lambda: "falsch" in dialog.message.text(), timeout=5000)
    assert window.current_screen is screen  # still in family mode
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: window.pin_dialog is None, timeout=2000)
    assert window.current_screen is screen

    # Closing the window is refused too (even outside kiosk mode) ...
    assert window.close() is False
    dialog = window.pin_dialog
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: window.pin_dialog is None, timeout=2000)
    # ... and Escape asks for the PIN; the right one returns to the counsellor's screens.
    QTest.keyClick(screen, Qt.Key.Key_Escape)
    assert window.pin_dialog is not None
    window.pin_dialog.enter(DEMO_PIN)
    qtbot.waitUntil(lambda: window.current_screen_name in ("cases", "home"), timeout=5000)
    assert window.header.isVisible()
    assert not window.isFullScreen()


def test_signed_claims_show_their_signature_and_cannot_be_signed_again(
    qtbot, family_case, test_catalog
):
    station, case_id, (first, _) = family_case
    _, screen, _ = open_family(qtbot, family_case, test_catalog)
    pad = screen.signature_field.pad
    mouse_sign(pad, name_path(pad))
    assert screen.sign()
    signed = station.store.claims.get_claim(first)
    # Signing froze the claim with exactly what was shown, and its hash.
    assert signed.state == "queued" and signed.canonical is not None  # signed, queued
    assert hashlib.sha256(signed.canonical).hexdigest() == signed.sha256
    assert not screen.sign_button.isEnabled()
    window2, screen2, _ = open_family(qtbot, family_case, test_catalog)
    assert screen2.claim.id == first
    assert not screen2.signature_field.pad.signature.is_empty()
    assert not screen2.sign_button.isEnabled()
    assert Texts("de")("family.already_signed") in screen2.status.text()


def _shipped_claims(qtbot, station):
    """A single parent's case with Kindergeld and Unterhaltsvorschuss (the shipped forms),
    logged in; returns (window, case id, claim ids)."""
    from tests.ui.test_intake_support import single_parent_household

    window = open_window(qtbot, station)
    log_in(qtbot, window)
    visit = window.session.visit
    case_id = visit.create_case(single_parent_household())
    claim_ids = [visit.add_claim(case_id, "kindergeld"),
                 visit.add_claim(case_id, "unterhaltsvorschuss", "c1")]
    return window, case_id, claim_ids


def test_the_family_screen_shows_exactly_the_core_summary_in_arabic_and_ukrainian(
        qtbot, demo_station):
    window, case_id, claim_ids = _shipped_claims(qtbot, demo_station)
    visit = window.session.visit
    screen = window.show_screen("family", case_id=case_id, lang="ar")
    for lang in ("ar", "uk"):
        screen.set_language(lang)
        for index, claim_id in enumerate(claim_ids):
            screen.show_claim(index)
            core = visit.summary(claim_id, lang)
            assert core.rows  # the shipped forms send something
            assert screen.summary_rows == core.rows
            assert screen.missing_items == list(core.missing)
            texts = visible_texts(screen)
            assert screen.heading.text() == core.title
            assert core.office in texts and core.office_heading in texts
            assert screen.consent.text().lstrip("\u200f") == core.consent
            assert screen.sign_heading.text() == core.signature_heading
            if core.for_person:
                assert core.for_person in texts
            assert screen.sign_button.isEnabled() == core.signable


def test_a_claim_changed_after_it_was_shown_is_refused_and_shown_anew(qtbot, demo_station):
    window, case_id, (first, _second) = _shipped_claims(qtbot, demo_station)
    visit = window.session.visit
    screen = window.show_screen("family", case_id=case_id, lang="de")
    shown_before = screen.summary.sha256
    # The counsellor's data changes while the family reads (e.g. a second station).
    assert visit.set_field(case_id, "applicant", "given_names", "Olha").saved
    pad = screen.signature_field.pad
    mouse_sign(pad, name_path(pad))
    assert screen.sign() is False
    assert "hat sich geändert" in screen.status.text()  # in German: the family reads German
    assert demo_station.store.claims.get_claim(first).state == "draft"
    # What is on screen now is the changed claim, on an empty pad; signing that works.
    assert screen.summary.sha256 != shown_before
    assert ("Vorname(n)", "Olha") in screen.summary_rows
    assert pad.signature.is_empty()
    mouse_sign(pad, name_path(pad))
    assert screen.sign() is True
    assert demo_station.store.claims.get_claim(first).sha256 == screen.summary.sha256


def test_a_refusal_is_explained_in_the_family_s_language(qtbot, demo_station):
    window, case_id, _ = _shipped_claims(qtbot, demo_station)
    screen = window.show_screen("family", case_id=case_id, lang="uk")
    window.session.visit.set_field(case_id, "applicant", "given_names", "Olha")
    pad = screen.signature_field.pad
    mouse_sign(pad, name_path(pad))
    assert screen.sign() is False
    assert screen.status.text() == Texts("uk")("family.claim_changed")
    assert screen.status.text() != Texts("de")("family.claim_changed")


def test_a_claim_whose_form_is_missing_says_so_and_cannot_be_signed(
        qtbot, family_case, test_catalog):
    station, case_id, _ = family_case
    gone = station.store.claims.add_claim(case_id, "testgeld", "99", None, "counsellor:1")
    _, screen, _ = open_family(qtbot, family_case, test_catalog, lang="tr")
    screen.show_claim(2)
    assert screen.claim.id == gone
    assert Texts("tr")("family.cannot_show") in visible_texts(screen)
    assert screen.summary_rows == []
    assert not screen.sign_button.isEnabled() and not screen.signature_field.isEnabled()
    assert screen.sign() is False
    assert station.store.claims.get_claim(gone).state == "draft"
