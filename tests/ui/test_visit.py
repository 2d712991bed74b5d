"""A whole visit through the real widgets: PIN pad log-in, a new case, the household typed
(one Steuer-ID wrong first, corrected after its message shows), suggested claims accepted,
family mode in Arabic (right-to-left), one claim signed by touch and one by mouse, back to
the counsellor with the PIN. Afterwards the store holds household, claims and strokes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from kiosk.app import DEMO_PIN
from kiosk.validation import message
from tests.ui.helpers import open_window
from tests.ui.test_intake_support import VALID_TAX_ID, WRONG_TAX_ID, type_into
from tests.ui.test_signature_pad import mouse_sign, name_path, touch_sign
from ui.i18n import Texts

IBAN = "DE89 3704 0044 0532 0130 00"


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def press_pin(qtbot, pad, pin: str) -> None:
    for digit in pin:
        click(qtbot, pad.digit_buttons[digit])
    click(qtbot, pad.ok_button)


def button_named(parent, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


def next_step(qtbot, intake, expected: str) -> None:
    click(qtbot, intake.next_button)
    assert intake.step_id == expected


def test_a_whole_visit(qtbot, demo_station):
    store = demo_station.store
    window = open_window(qtbot, demo_station)

    # Log in on the PIN pad.
    press_pin(qtbot, window.current_screen.pad, DEMO_PIN)
    qtbot.waitUntil(lambda: window.current_screen_name == "cases", timeout=5000)

    # A new case; the intake starts with the applicant.
    click(qtbot, window.current_screen.new_button)
    intake = window.current_screen
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    case_id = intake.case_id
    type_into(qtbot, intake.widget_for("family_name"), "Haddad")
    type_into(qtbot, intake.widget_for("given_names"), "Rania")
    type_into(qtbot, intake.widget_for("birth_date"), "12.08.1991")
    type_into(qtbot, intake.widget_for("birth_place"), "Damaskus")
    intake.widget_for("sex").choose("female")
    type_into(qtbot, intake.widget_for("nationality"), "SY")
    intake.widget_for("residence_status").choose("residence_permit")
    type_into(qtbot, intake.widget_for("residence_permit_until"), "31.12.2027")
    intake.widget_for("marital_status").choose("single")
    tax = intake.widget_for("tax_id")
    type_into(qtbot, tax, WRONG_TAX_ID)
    assert tax.problem == message("tax_id.check_digit")
    assert tax.message.isVisible()
    type_into(qtbot, tax, VALID_TAX_ID)
    assert tax.problem == ""

    next_step(qtbot, intake, "address")
    type_into(qtbot, intake.widget_for("street"), "Schwalbacher Straße")
    type_into(qtbot, intake.widget_for("house_number"), "12")
    type_into(qtbot, intake.widget_for("postcode"), "65183")
    type_into(qtbot, intake.widget_for("city"), "Wiesbaden")

    next_step(qtbot, intake, "partner")  # nobody: left as it is
    next_step(qtbot, intake, "children")
    click(qtbot, button_named(intake.body, "Kind hinzufügen"))
    type_into(qtbot, intake.widget_for("given_names"), "Yusuf")
    type_into(qtbot, intake.widget_for("family_name"), "Haddad")
    type_into(qtbot, intake.widget_for("birth_date"), "03.05.2017")
    intake.widget_for("sex").choose("male")
    intake.widget_for("relationship").choose("own")
    intake.widget_for("lives_in_household").choose(True)
    intake.widget_for("education").choose("school")

    next_step(qtbot, intake, "other_parent")
    intake.widget_for("pays_maintenance").choose(False)
    next_step(qtbot, intake, "other_members")
    next_step(qtbot, intake, "incomes")
    next_step(qtbot, intake, "housing")
    intake.widget_for("tenure").choose("tenant")
    type_into(qtbot, intake.widget_for("rent_cold"), "540,00")
    type_into(qtbot, intake.widget_for("service_charges"), "130,00")
    type_into(qtbot, intake.widget_for("size_sqm"), "61")
    next_step(qtbot, intake, "bank_account")
    type_into(qtbot, intake.widget_for("iban"), IBAN)
    type_into(qtbot, intake.widget_for("holder"), "Rania Haddad")
    next_step(qtbot, intake, "benefits_received")
    assert intake.next_button.text() == "Weiter zu den Anträgen"

    # Claims: accept the suggestions; make sure Kindergeld and UVG are among them.
    click(qtbot, intake.next_button)
    claims = window.current_screen
    assert window.current_screen_name == "claims"
    qtbot.waitUntil(lambda: claims.ready, timeout=10000)
    likely = {(r.benefit, r.subject) for r in claims.overview.hints if r.level == "likely"}
    assert likely  # a single parent without income: some claims are clearly suggested
    click(qtbot, claims.accept_button)
    qtbot.waitUntil(lambda: claims.ready, timeout=10000)
    assert not claims.accept_button.isEnabled()  # nothing suggested is left out
    for benefit, subject in (("kindergeld", None), ("unterhaltsvorschuss", "c1")):
        row, frame = next((r, f) for r, f in claims.hint_rows
                          if (r.benefit, r.subject) == (benefit, subject))
        if row.claim_id is None:
            click(qtbot, button_named(frame, "Antrag hinzufügen"))
            qtbot.waitUntil(lambda: claims.ready, timeout=10000)
    chosen = {(c.benefit, c.subject) for c in store.claims.list_claims(case_id)}
    assert likely <= chosen
    assert {("kindergeld", None), ("unterhaltsvorschuss", "c1")} <= chosen

    # Family mode in Arabic: the whole layout turns right-to-left.
    click(qtbot, claims.family_button)
    family = window.current_screen
    assert window.current_screen_name == "family"
    click(qtbot, family.language_buttons["ar"])
    assert family.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert family.sign_button.text() == Texts("ar")("family.sign_button")

    # Sign the first claim with a finger, the next one with the mouse.
    first = family.claim.id
    pad = family.signature_field.pad
    touch_sign(pad, QTest.createTouchDevice(), name_path(pad))
    click(qtbot, family.sign_button)
    click(qtbot, family.next_button)
    second = family.claim.id
    mouse_sign(pad, name_path(pad))
    click(qtbot, family.sign_button)

    # Back to the counsellor: only with the PIN.
    click(qtbot, family.back_button)
    dialog = window.pin_dialog
    assert dialog is not None
    press_pin(qtbot, dialog.pad, DEMO_PIN)
    qtbot.waitUntil(lambda: window.current_screen_name == "claims", timeout=5000)
    assert window.header.isVisible()
    # The status bar counts both signed claims until they reach their offices.
    assert window.sync_indicator.queue.text() == "2 Anträge warten auf Versand"

    # What the store holds.
    household = store.cases.get_case(case_id).household
    assert household["applicant"]["family_name"] == "Haddad"
    assert household["applicant"]["tax_id"] == VALID_TAX_ID
    assert household["applicant"]["residence_permit_until"] == "2027-12-31"
    assert household["children"][0]["given_names"] == "Yusuf"
    assert household["children"][0]["birth_date"] == "2017-05-03"
    assert household["housing"]["rent_cold_cents"] == 54000
    assert household["bank_account"]["iban"] == IBAN.replace(" ", "")
    touch_strokes = store.claims.get_signature(first)["strokes"]
    mouse_strokes = store.claims.get_signature(second)["strokes"]
    assert len(touch_strokes) == 1 and len(touch_strokes[0]) >= 30
    assert len(mouse_strokes) == 1 and mouse_strokes[0][0][3] == 0.5  # mouse: no pressure
    assert first != second
