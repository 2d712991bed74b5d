"""A withdrawn case can be looked at, not changed: the intake is read-only with a clear note,
the claims screen offers nothing to add or hand over, and family mode refuses it."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from tests.ui.helpers import log_in, open_window
from tests.ui.test_intake_support import household_of, single_parent_household
from ui.i18n import Texts


def _withdrawn_case(qtbot, station):
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    actor = window.session.actor
    case_id = station.store.cases.create_case(actor, household=single_parent_household())
    station.store.cases.set_resume_point(case_id, "applicant")
    station.store.cases.withdraw_case(case_id, actor)
    return window, case_id


def test_intake_of_a_withdrawn_case_is_read_only_with_a_note(qtbot, demo_station):
    window, case_id = _withdrawn_case(qtbot, demo_station)
    before = household_of(demo_station, case_id)
    intake = window.show_screen("intake", case_id=case_id)
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    assert intake.read_only
    assert intake.notice.isVisibleTo(intake)
    assert "Dieser Fall wurde zurückgezogen" in intake.notice.text()
    for step_id in ("applicant", "children", "address"):
        intake.show_step(step_id)
        assert intake.bindings
        assert not any(b.widget.isEnabled() for b in intake.bindings)
        buttons = intake.body.findChildren(QPushButton)
        assert not any(b.isEnabled() for b in buttons)
    # Even an edit that reached the screen changes nothing in the store.
    intake.show_step("applicant")
    name = intake.widget_for("family_name")
    name.line.setText("Geändert")
    intake.field_changed(next(b for b in intake.bindings if b.widget is name), "Geändert")
    assert household_of(demo_station, case_id) == before
    assert demo_station.store.cases.get_case(case_id).resume_at == "applicant"
    # Reading on stays possible: the step list and the step buttons work.
    assert intake.steps.isEnabled() and intake.next_button.isEnabled()


def test_family_mode_refuses_a_withdrawn_case(qtbot, family_case, test_catalog):
    station, case_id, _claim_ids = family_case
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    station.store.cases.withdraw_case(case_id, window.session.actor)
    station.forms = test_catalog
    screen = window.show_screen("family", case_id=case_id, lang="tr")
    assert screen.withdrawn
    assert screen.claims == []
    assert screen.heading.text() == Texts("tr")("family.case_withdrawn")
    assert screen.summary_rows == []
    assert not screen.sign_button.isEnabled()
    assert not screen.signature_field.isEnabled()
    assert screen.sign() is False
    for claim in station.store.claims.list_claims(case_id):
        assert station.store.claims.get_signature(claim.id) is None


def test_claims_of_a_withdrawn_case_cannot_be_added_or_handed_over(qtbot, demo_station):
    window, case_id = _withdrawn_case(qtbot, demo_station)
    screen = window.show_screen("claims", case_id=case_id)
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)
    assert screen.read_only
    assert "zurückgezogen" in screen.status.text()
    assert not screen.family_button.isEnabled()
    assert not screen.accept_button.isEnabled()
    adds = [b for b in screen.findChildren(QPushButton) if b.text() == "Antrag hinzufügen"]
    assert adds == []
    screen.hand_to_family()
    assert window.current_screen_name == "claims"
