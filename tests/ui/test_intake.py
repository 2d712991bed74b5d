"""The household intake drawn from the intake description: autosave, inline messages,
live conditions, repeated steps, resume point."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.forms.messages import field_message
from kiosk.validation import message
from tests.ui.test_intake_support import (
    VALID_TAX_ID,
    WRONG_TAX_ID,
    go_to_step,
    household_of,
    start_case,
    type_into,
)


def test_steps_come_from_the_intake_description(qtbot, demo_station):
    from kiosk.forms.intake import load_intake

    _window, intake = start_case(qtbot, demo_station)
    listed = [intake.steps.item(r).data(Qt.ItemDataRole.UserRole)
              for r in range(intake.steps.count())]
    assert listed == [s.id for s in load_intake().steps]
    assert intake.step_id == "applicant"
    assert intake.heading.text() == "Antragsteller/in"
    assert intake.widget_for("family_name").label_text == "Familienname"


def test_every_keystroke_is_saved_without_a_save_button(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    type_into(qtbot, intake.widget_for("family_name"), "Yılmaz")
    assert household_of(demo_station, intake.case_id)["applicant"]["family_name"] == "Yılmaz"
    buttons = [b.text() for b in intake.findChildren(type(intake.next_button))]
    assert not any("Speichern" in text for text in buttons)


def test_invalid_tax_id_shows_the_core_message_and_stays_visible(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    tax = intake.widget_for("tax_id")
    type_into(qtbot, tax, WRONG_TAX_ID)
    assert tax.problem == message("tax_id.check_digit")
    assert tax.line.text() == WRONG_TAX_ID
    assert household_of(demo_station, intake.case_id)["applicant"]["tax_id"] is None
    type_into(qtbot, tax, VALID_TAX_ID)
    assert tax.problem == ""
    assert household_of(demo_station, intake.case_id)["applicant"]["tax_id"] == VALID_TAX_ID


def test_show_if_follows_the_answer_live(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    until = intake.widget_for("residence_permit_until")
    assert not until.isVisibleTo(intake)
    intake.widget_for("residence_status").choose("residence_permit")
    assert until.isVisibleTo(intake)
    intake.widget_for("residence_status").choose("citizen")
    assert not until.isVisibleTo(intake)
    assert household_of(demo_station, intake.case_id)["applicant"]["residence_status"] == "citizen"


def test_children_are_added_and_removed(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    go_to_step(qtbot, intake, "children")
    add = next(b for b in intake.body.findChildren(type(intake.next_button))
               if b.text() == "Kind hinzufügen")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    type_into(qtbot, intake.widget_for("given_names", 0), "Aylin")
    add = next(b for b in intake.body.findChildren(type(intake.next_button))
               if b.text() == "Kind hinzufügen")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    type_into(qtbot, intake.widget_for("given_names", 1), "Emir")
    assert [c["given_names"] for c in household_of(demo_station, intake.case_id)["children"]] \
        == ["Aylin", "Emir"]
    remove = next(b for b in intake.body.findChildren(type(intake.next_button))
                  if b.text() == "Aylin entfernen")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)  # first tap only asks
    assert len(household_of(demo_station, intake.case_id)["children"]) == 2
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    children = household_of(demo_station, intake.case_id)["children"]
    assert [c["given_names"] for c in children] == ["Emir"]
    assert intake.widget_for("given_names", 0).line.text() == "Emir"


def test_money_and_dates_are_stored_exactly_and_shown_in_german(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    type_into(qtbot, intake.widget_for("birth_date"), "03.04.1988")
    go_to_step(qtbot, intake, "housing")
    intake.widget_for("tenure").choose("tenant")
    type_into(qtbot, intake.widget_for("rent_cold"), "612,40")
    household = household_of(demo_station, intake.case_id)
    assert household["applicant"]["birth_date"] == "1988-04-03"
    assert household["housing"]["rent_cold_cents"] == 61240
    go_to_step(qtbot, intake, "applicant")
    assert intake.widget_for("birth_date").line.text() == "03.04.1988"


def test_the_step_is_the_resume_point(qtbot, demo_station):
    window, intake = start_case(qtbot, demo_station)
    go_to_step(qtbot, intake, "bank_account")
    assert demo_station.store.cases.get_case(intake.case_id).resume_at == "bank_account"
    case_id = intake.case_id
    window.show_home()
    cases = window.current_screen
    qtbot.waitUntil(lambda: not cases.loading and bool(cases.cases), timeout=5000)
    cases.select_case(case_id)
    qtbot.mouseClick(cases.open_button, Qt.MouseButton.LeftButton)
    reopened = window.current_screen
    qtbot.waitUntil(lambda: reopened.ready, timeout=5000)
    assert reopened.step_id == "bank_account"


def test_tab_moves_through_the_fields_in_screen_order(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    first = intake.widget_for("title").line
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert intake.widget_for("family_name").line.hasFocus()


def test_incomes_are_a_list_per_person_with_messages_per_entry(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    type_into(qtbot, intake.widget_for("given_names"), "Olena")
    go_to_step(qtbot, intake, "incomes")
    incomes = intake.widget_for("incomes")  # the applicant's block
    assert incomes.label_text == "Einkommen"
    qtbot.mouseClick(incomes.add_button, Qt.MouseButton.LeftButton)
    row = incomes.rows[0]
    row["kind"].choose("employment")
    type_into(qtbot, row["amount_cents"], "1.850,00")
    type_into(qtbot, row["month"], "2026-1")
    assert row["month"].problem == field_message("form.month")  # said at once, under it
    stored = household_of(demo_station, intake.case_id)["applicant"]["incomes"]
    assert stored[0]["kind"] == "employment"
    assert stored[0]["amount_cents"] == 185000
    assert stored[0]["month"] is None
    type_into(qtbot, row["month"], "2026-01")
    assert row["month"].problem == ""
    stored = household_of(demo_station, intake.case_id)["applicant"]["incomes"]
    assert stored[0]["month"] == "2026-01"


def test_partner_is_added_and_removed_as_a_whole(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    go_to_step(qtbot, intake, "partner")
    add = next(b for b in intake.body.findChildren(type(intake.next_button))
               if b.text() == "Partner/in hinzufügen")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    type_into(qtbot, intake.widget_for("family_name"), "Petrenko")
    assert household_of(demo_station, intake.case_id)["partner"]["family_name"] == "Petrenko"
    remove = next(b for b in intake.body.findChildren(type(intake.next_button))
                  if b.text().endswith("entfernen"))
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert household_of(demo_station, intake.case_id)["partner"] is None


def test_every_control_is_named_and_touch_sized_on_every_step(qtbot, demo_station):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    _window, intake = start_case(qtbot, demo_station)
    for step_id in ("partner", "children", "other_members"):
        go_to_step(qtbot, intake, step_id)
        qtbot.mouseClick(intake.body.findChildren(type(intake.next_button))[-1],
                         Qt.MouseButton.LeftButton)  # add a partner / child / person
    checked = 0
    for row in range(intake.steps.count()):
        go_to_step(qtbot, intake, intake.steps.item(row).data(Qt.ItemDataRole.UserRole))
        controls = [c for kind in (QLineEdit, QComboBox, QAbstractButton)
                    for c in intake.body.findChildren(kind)]
        for control in controls:
            if not control.isVisibleTo(intake):
                continue
            assert control.accessibleName(), control
            assert control.height() >= 48 or control.minimumHeight() >= 48, \
                control.accessibleName()
            checked += 1
    assert checked > 80


def test_large_text_switch_enlarges_the_fields(qtbot, demo_station):
    window, intake = start_case(qtbot, demo_station)
    line = intake.widget_for("family_name").line
    before = line.fontInfo().pixelSize()
    window.large_text_switch.click()
    qtbot.waitUntil(lambda: line.fontInfo().pixelSize() > before, timeout=2000)
    window.large_text_switch.click()


def test_a_failed_save_is_shown_and_retried_with_the_next_keystroke(
        qtbot, demo_station, monkeypatch):
    from kiosk.errors import StorageFull
    from ui.screens.intake import SAVE_FAILED

    _window, intake = start_case(qtbot, demo_station)
    cases = demo_station.store.cases
    real_save = cases.save_household

    def disk_full(*_args, **_kw):
        raise StorageFull("disk full", "Der Speicher ist voll.")

    monkeypatch.setattr(cases, "save_household", disk_full)
    type_into(qtbot, intake.widget_for("family_name"), "Haddad")
    assert intake.status.text() == SAVE_FAILED and intake.status.isVisibleTo(intake)
    assert intake.widget_for("family_name").line.text() == "Haddad"
    monkeypatch.setattr(cases, "save_household", real_save)
    type_into(qtbot, intake.widget_for("given_names"), "Rania")
    assert not intake.status.isVisibleTo(intake)
    stored = household_of(demo_station, intake.case_id)["applicant"]
    assert (stored["family_name"], stored["given_names"]) == ("Haddad", "Rania")


def test_tab_from_the_last_field_reaches_the_step_buttons(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    go_to_step(qtbot, intake, "bank_account")
    holder = intake.widget_for("holder").line
    holder.setFocus()
    qtbot.keyClick(holder, Qt.Key.Key_Tab)
    assert intake.cases_button.hasFocus()
    qtbot.keyClick(intake.cases_button, Qt.Key.Key_Tab)
    qtbot.keyClick(intake.back_button, Qt.Key.Key_Tab)
    assert intake.next_button.hasFocus()


def _open_count(intake, step_id: str) -> int:
    """The "N offen" the step list shows beside ``step_id`` (0 when none is shown)."""
    import re

    for row in range(intake.steps.count()):
        item = intake.steps.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == step_id:
            found = re.search(r"(\d+) offen", item.text())
            return int(found.group(1)) if found else 0
    raise KeyError(step_id)


def test_the_open_counts_follow_each_edit_without_leaving_the_step(qtbot, demo_station):
    _window, intake = start_case(qtbot, demo_station)
    before = _open_count(intake, "applicant")
    assert before > 0
    type_into(qtbot, intake.widget_for("family_name"), "Haddad")
    assert intake.step_id == "applicant"  # still on the step
    assert _open_count(intake, "applicant") == before - 1
    type_into(qtbot, intake.widget_for("family_name"), "")
    assert _open_count(intake, "applicant") == before
    counts = intake._session.open_by_step(intake.case_id)  # noqa: SLF001 - what the core says
    assert all(_open_count(intake, step_id) == n for step_id, n in counts.items())


def test_an_unsaved_edit_is_saved_when_the_counsellor_leaves_the_step(
        qtbot, demo_station, monkeypatch):
    from kiosk.errors import StorageFailed
    from ui.screens.intake import SAVE_FAILED

    window, intake = start_case(qtbot, demo_station)
    cases = demo_station.store.cases
    real_save = cases.save_household

    def locked(*_args, **_kw):
        raise StorageFailed("database is locked", "Die Datenbank ist gerade gesperrt.")

    monkeypatch.setattr(cases, "save_household", locked)
    type_into(qtbot, intake.widget_for("family_name"), "Haddad")
    assert intake.status.text() == SAVE_FAILED
    assert household_of(demo_station, intake.case_id)["applicant"]["family_name"] is None
    monkeypatch.setattr(cases, "save_household", real_save)
    window.show_home()  # leaving the screen saves what is still unsaved, with no new edit
    assert household_of(demo_station, intake.case_id)["applicant"]["family_name"] == "Haddad"


def test_a_child_added_while_the_disk_is_full_stays_and_is_saved_with_the_next_edit(
        qtbot, demo_station, monkeypatch):
    from kiosk.errors import StorageFull
    from ui.screens.intake import SAVE_FAILED

    _window, intake = start_case(qtbot, demo_station)
    go_to_step(qtbot, intake, "children")
    cases = demo_station.store.cases
    real_save = cases.save_household

    def disk_full(*_args, **_kw):
        raise StorageFull("disk full", "Der Speicher ist voll.")

    monkeypatch.setattr(cases, "save_household", disk_full)
    add = next(b for b in intake.body.findChildren(type(intake.next_button))
               if b.text() == "Kind hinzufügen")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert intake.status.text() == SAVE_FAILED
    assert intake.widget_for("given_names", 0).isVisibleTo(intake)  # the child is there
    monkeypatch.setattr(cases, "save_household", real_save)
    type_into(qtbot, intake.widget_for("given_names", 0), "Aylin")
    assert not intake.status.isVisibleTo(intake)
    assert [c["given_names"] for c in household_of(demo_station, intake.case_id)["children"]] \
        == ["Aylin"]
