"""The case list: search by family name, visit date and state; German state labels;
new case, open/resume, withdraw with a confirming second tap."""

from __future__ import annotations

import hashlib
from datetime import date

from PySide6.QtCore import Qt

from kiosk.model import empty_household
from tests.ui.helpers import log_in, open_window
from tests.ui.test_intake_support import type_keys


def _household(family: str, given: str) -> dict:
    household = empty_household()
    household["applicant"].update(family_name=family, given_names=given)
    return household


def _cases(qtbot, station):
    """Three cases on different days and in different states; returns window, screen, ids."""
    store = station.store
    ids = {
        "Petrenko": store.cases.create_case("admin", _household("Petrenko", "Olena"),
                                            visit_date=date(2026, 3, 4)),
        "Yılmaz": store.cases.create_case("admin", _household("Yılmaz", "Ayşe"),
                                          visit_date=date(2026, 3, 4)),
        "Haddad": store.cases.create_case("admin", _household("Haddad", "Rania"),
                                          visit_date=date(2026, 4, 1)),
    }
    claim = store.claims.add_claim(ids["Yılmaz"], "kindergeld", "2025-01", None, "admin")
    # Signed and waiting to be sent (the lifecycle's only way to "queued").
    store.claims.sign(claim, {"strokes": []}, b"{}", hashlib.sha256(b"{}").hexdigest(), "admin")
    store.claims.set_state(claim, "queued", "admin")
    store.cases.withdraw_case(ids["Haddad"], "admin")
    window = open_window(qtbot, station)
    screen = log_in(qtbot, window)
    assert window.current_screen_name == "cases"
    _wait(qtbot, screen)
    return window, screen, ids


def _wait(qtbot, screen):
    qtbot.waitUntil(lambda: not screen.loading and not screen._timer.isActive(), timeout=5000)


def _rows(screen):
    return {screen.table.item(r, 0).text(): (screen.table.item(r, 1).text(),
                                            screen.table.item(r, 2).text())
            for r in range(screen.table.rowCount())}


def test_all_cases_with_german_state_labels(qtbot, demo_station):
    _window, screen, _ids = _cases(qtbot, demo_station)
    assert _rows(screen) == {
        "Haddad, Rania": ("01.04.2026", "Zurückgezogen"),
        "Petrenko, Olena": ("04.03.2026", "Entwurf"),
        "Yılmaz, Ayşe": ("04.03.2026", "Wartet auf Versand"),
    }


def test_search_by_family_name(qtbot, demo_station):
    _window, screen, _ids = _cases(qtbot, demo_station)
    screen.search.setFocus()
    type_keys(screen.search, "yıl")
    _wait(qtbot, screen)
    assert screen.shown_names() == ["Yılmaz, Ayşe"]
    type_keys(screen.search, "x")
    _wait(qtbot, screen)
    assert screen.shown_names() == []
    assert screen.empty.text() == "Keine Fälle passen zur Suche."


def test_filter_by_visit_date_and_state(qtbot, demo_station):
    _window, screen, _ids = _cases(qtbot, demo_station)
    type_keys(screen.visit_date, "04.03.2026")
    _wait(qtbot, screen)
    assert sorted(screen.shown_names()) == ["Petrenko, Olena", "Yılmaz, Ayşe"]
    screen.state.setCurrentIndex(screen.state.findText("Wartet auf Versand"))
    _wait(qtbot, screen)
    assert screen.shown_names() == ["Yılmaz, Ayşe"]
    screen.visit_date.clear()
    screen.state.setCurrentIndex(screen.state.findText("Zurückgezogen"))
    _wait(qtbot, screen)
    assert screen.shown_names() == ["Haddad, Rania"]


def test_unreadable_date_is_explained_not_searched(qtbot, demo_station):
    _window, screen, _ids = _cases(qtbot, demo_station)
    type_keys(screen.visit_date, "4.3.")
    _wait(qtbot, screen)
    assert screen.filter_problem.text() == "Besuchstag bitte als TT.MM.JJJJ angeben."
    assert len(screen.shown_names()) == 3  # the list is left as it was


def test_withdraw_needs_a_second_tap(qtbot, demo_station):
    _window, screen, ids = _cases(qtbot, demo_station)
    screen.select_case(ids["Petrenko"])
    qtbot.mouseClick(screen.withdraw_button, Qt.MouseButton.LeftButton)
    assert demo_station.store.cases.get_case(ids["Petrenko"]).state == "draft"
    assert "Nochmals tippen" in screen.withdraw_button.text()
    qtbot.mouseClick(screen.withdraw_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, screen)
    assert demo_station.store.cases.get_case(ids["Petrenko"]).state == "withdrawn"
    assert _rows(screen)["Petrenko, Olena"][1] == "Zurückgezogen"


def test_open_resumes_the_intake_where_it_was_left(qtbot, demo_station):
    window, screen, ids = _cases(qtbot, demo_station)
    demo_station.store.cases.set_resume_point(ids["Petrenko"], "housing")
    screen.select_case(ids["Petrenko"])
    qtbot.mouseClick(screen.open_button, Qt.MouseButton.LeftButton)
    intake = window.current_screen
    assert window.current_screen_name == "intake"
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    assert intake.step_id == "housing"
    assert intake.case_id == ids["Petrenko"]


def test_new_case_starts_an_empty_intake(qtbot, demo_station):
    window, screen, _ids = _cases(qtbot, demo_station)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    intake = window.current_screen
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    assert intake.step_id == "applicant"
    assert intake.widget_for("family_name").line.text() == ""
    assert len(demo_station.store.cases.list_cases()) == 4


def test_search_folds_turkish_i_and_german_umlauts(qtbot, demo_station):
    store = demo_station.store
    store.cases.create_case("admin", _household("Yıldız", "Zeynep"))
    store.cases.create_case("admin", _household("Müller", "Jürgen"))
    store.cases.create_case("admin", _household("Strauß", "Anna"))
    window = open_window(qtbot, demo_station)
    screen = log_in(qtbot, window)
    _wait(qtbot, screen)
    for typed, expected in (("YILDIZ", "Yıldız, Zeynep"), ("Mueller", "Müller, Jürgen"),
                            ("strauss", "Strauß, Anna")):
        screen.search.clear()
        type_keys(screen.search, typed)
        _wait(qtbot, screen)
        assert screen.shown_names() == [expected], typed


def test_long_list_is_paged_fifty_at_a_time(qtbot, demo_station):
    from ui.screens.case_list import PAGE_SIZE

    store = demo_station.store
    with store.transaction():
        for i in range(PAGE_SIZE * 2 + 3):  # 103 cases: three pages
            store.cases.create_case("admin", _household(f"Familie{i:03d}", "Kim"),
                                    visit_date=date(2026, 1, 1).replace(day=1 + i % 28))
    window = open_window(qtbot, demo_station)
    screen = log_in(qtbot, window)
    _wait(qtbot, screen)
    first = screen.shown_names()
    assert len(first) == PAGE_SIZE
    assert screen.page_label.text() == "Seite 1 von 3 · 103 Fälle"
    assert not screen.previous_button.isEnabled() and screen.next_button.isEnabled()

    qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, screen)
    assert screen.page_label.text() == "Seite 2 von 3 · 103 Fälle"
    second = screen.shown_names()
    qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, screen)
    third = screen.shown_names()
    assert len(second) == PAGE_SIZE and len(third) == 3
    assert not screen.next_button.isEnabled() and screen.previous_button.isEnabled()
    assert len(set(first) | set(second) | set(third)) == 103  # every case once

    qtbot.mouseClick(screen.previous_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, screen)
    assert screen.shown_names() == second

    # A search starts again on its first page.
    type_keys(screen.search, "Familie10")
    _wait(qtbot, screen)
    assert sorted(screen.shown_names()) == ["Familie100, Kim", "Familie101, Kim",
                                            "Familie102, Kim"]
    assert screen.page_label.text() == "Seite 1 von 1 · 3 Fälle"


def test_withdrawing_the_last_case_of_the_last_page_shows_the_page_before(qtbot, demo_station):
    from ui.screens.case_list import PAGE_SIZE

    store = demo_station.store
    with store.transaction():
        for i in range(PAGE_SIZE + 1):
            store.cases.create_case("admin", _household(f"Familie{i:03d}", "Kim"))
    window = open_window(qtbot, demo_station)
    screen = log_in(qtbot, window)
    _wait(qtbot, screen)
    screen.state.setCurrentIndex(screen.state.findText("Entwurf"))
    _wait(qtbot, screen)
    qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, screen)
    [last] = screen.cases
    screen.select_case(last.id)
    qtbot.mouseClick(screen.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.withdraw_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, screen)
    assert screen.page_label.text() == f"Seite 1 von 1 · {PAGE_SIZE} Fälle"
    assert len(screen.shown_names()) == PAGE_SIZE
