"""A crash mid-intake loses nothing: the station goes away without any goodbye (no save
call, no window close), a new Station and window open the same data dir, and the case
shows every field typed before — the one not yet valid too — on the same step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.app import Station
from kiosk.validation import message
from tests.ui.helpers import log_in, open_window
from tests.ui.test_intake_support import (
    WRONG_TAX_ID,
    go_to_step,
    start_case,
    type_into,
)


def test_reopened_case_shows_everything_typed_before_the_crash(
        qtbot, demo_station, memory_keyring):
    window, intake = start_case(qtbot, demo_station)
    case_id = intake.case_id
    type_into(qtbot, intake.widget_for("family_name"), "Haddad")
    type_into(qtbot, intake.widget_for("given_names"), "Rania")
    type_into(qtbot, intake.widget_for("birth_date"), "12.08.1991")
    type_into(qtbot, intake.widget_for("tax_id"), WRONG_TAX_ID)  # not valid yet
    intake.widget_for("sex").choose("female")
    go_to_step(qtbot, intake, "address")
    type_into(qtbot, intake.widget_for("street"), "Schwalbacher Straße")
    type_into(qtbot, intake.widget_for("postcode"), "65183")
    go_to_step(qtbot, intake, "children")
    qtbot.mouseClick(intake.body.findChildren(type(intake.next_button))[-1],
                     Qt.MouseButton.LeftButton)  # "Kind hinzufügen"
    type_into(qtbot, intake.widget_for("given_names", 0), "Yusuf")
    type_into(qtbot, intake.widget_for("birth_date", 0), "30.02.2019")  # no such day

    # The crash: the database connection just goes; nothing is flushed or said goodbye to.
    data_dir = demo_station.dir.path
    demo_station.close()
    window.hide()

    station = Station.open(data_dir, keyring_backend=memory_keyring)
    try:
        again = open_window(qtbot, station)
        cases = log_in(qtbot, again)
        qtbot.waitUntil(lambda: not cases.loading and bool(cases.cases), timeout=5000)
        cases.select_case(case_id)
        qtbot.mouseClick(cases.open_button, Qt.MouseButton.LeftButton)
        reopened = again.current_screen
        qtbot.waitUntil(lambda: reopened.ready, timeout=5000)

        assert reopened.step_id == "children"
        assert reopened.widget_for("given_names", 0).line.text() == "Yusuf"
        child_date = reopened.widget_for("birth_date", 0)
        assert child_date.line.text() == "30.02.2019"
        assert child_date.problem == message("date.invalid")

        go_to_step(qtbot, reopened, "applicant")
        assert reopened.widget_for("family_name").line.text() == "Haddad"
        assert reopened.widget_for("given_names").line.text() == "Rania"
        assert reopened.widget_for("birth_date").line.text() == "12.08.1991"
        assert reopened.widget_for("sex").value() == "female"
        tax = reopened.widget_for("tax_id")
        assert tax.line.text() == WRONG_TAX_ID
        assert tax.problem == message("tax_id.check_digit")

        go_to_step(qtbot, reopened, "address")
        assert reopened.widget_for("street").line.text() == "Schwalbacher Straße"
        assert reopened.widget_for("postcode").line.text() == "65183"
    finally:
        station.close()
