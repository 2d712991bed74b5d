"""Nothing jumps under the finger: a message or a field that comes or goes moves neither the
field being edited nor the signature pad nor the PIN pad; the mouse wheel changes no
unfocused drop-down; the window keeps its size when the type grows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from tests.ui.helpers import log_in, open_window
from tests.ui.test_claims import _button, _row
from tests.ui.test_intake_support import (
    VALID_TAX_ID,
    WRONG_TAX_ID,
    open_claims,
    open_intake,
    single_parent_household,
    type_into,
)
from tests.ui.test_signature_pad import mouse_sign, name_path
from ui import style


def place(widget: QWidget) -> QRect:
    """Where ``widget`` is in its window now (after the layouts have settled)."""
    for _ in range(3):
        QApplication.processEvents()
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def test_a_message_under_an_intake_field_moves_neither_it_nor_the_next_field(
        qtbot: Any, demo_station: Any) -> None:
    household = single_parent_household()
    household["applicant"]["tax_id"] = None
    _window, intake = open_intake(qtbot, demo_station, household, step="applicant")
    tax = intake.widget_for("tax_id")
    below = intake.widget_for("occupation")
    before = (place(tax.line), place(below.focus_widget()))
    type_into(qtbot, tax, "123")  # a one-line message: the room kept for it takes it
    assert tax.problem
    assert (place(tax.line), place(below.focus_widget())) == before
    type_into(qtbot, tax, WRONG_TAX_ID)  # a longer message: the field itself stays
    assert tax.problem
    assert place(tax.line) == before[0]
    type_into(qtbot, tax, VALID_TAX_ID)
    assert not tax.problem
    assert (place(tax.line), place(below.focus_widget())) == before


def test_a_field_that_appears_moves_nothing_below_it(qtbot: Any, demo_station: Any) -> None:
    household = single_parent_household()
    household["applicant"]["marital_status"] = "single"
    _window, intake = open_intake(qtbot, demo_station, household, step="applicant")
    since = intake.widget_for("marital_status_since")
    tax = intake.widget_for("tax_id")
    assert not since.isVisibleTo(intake)
    before = place(tax.line)
    intake.widget_for("marital_status").choose("married")
    assert since.isVisibleTo(intake)  # "Familienstand seit" is asked now …
    assert place(tax.line) == before  # … in the room kept for it: the Steuer-ID stays
    intake.widget_for("marital_status").choose("single")
    assert not since.isVisibleTo(intake)
    assert place(tax.line) == before


def test_answering_a_claim_question_moves_no_question(qtbot: Any, demo_station: Any) -> None:
    _window, screen = open_claims(qtbot, demo_station, single_parent_household())
    qtbot.mouseClick(_button(_row(screen, "unterhaltsvorschuss", "c1"), "Antrag hinzufügen"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and bool(screen.claim_blocks), timeout=10000)
    (block,) = screen.claim_blocks.values()
    month = block.widget_for("uvg_from_month")
    orphan = block.widget_for("uvg_orphan_pension")
    gaps_before = block.gaps.text()
    before = (place(month.line), place(orphan.focus_widget()))
    type_into(qtbot, month, "2026-13")  # a message under the field
    assert month.problem
    assert (place(month.line), place(orphan.focus_widget())) == before
    type_into(qtbot, month, "2026-01")
    orphan.choose(False)
    assert block.gaps.text() != gaps_before  # the "Fehlende Angaben" box got shorter …
    assert (place(month.line), place(orphan.focus_widget())) == before  # … nothing moved


def _family(qtbot: Any, family_case: Any, test_catalog: Any) -> tuple[Any, Any]:
    station, case_id, _ = family_case
    station.forms = test_catalog
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    screen = window.show_screen("family", case_id=case_id, lang="de")
    qtbot.waitExposed(screen)
    return window, screen


def test_a_refused_signature_moves_neither_the_pad_nor_the_consent(
        qtbot: Any, family_case: Any, test_catalog: Any) -> None:
    _window, screen = _family(qtbot, family_case, test_catalog)
    field = screen.signature_field
    before = (place(field.pad), place(screen.consent_scroll), place(screen.sign_button))
    assert screen.sign() is False  # nothing drawn: refused, with the reason shown
    assert field.message.isVisible() and field.problem_text()
    assert (place(field.pad), place(screen.consent_scroll), place(screen.sign_button)) == before
    mouse_sign(field.pad, name_path(field.pad))  # drawing takes the message away
    assert not field.message.isVisible()
    qtbot.mouseClick(field.clear_button, Qt.MouseButton.LeftButton)  # "Alles löschen"
    assert (place(field.pad), place(screen.consent_scroll), place(screen.sign_button)) == before
    # The reason sits over the top of the pad, where the family looks, fully readable.
    shown = QRect(field.message.mapTo(field.pad, QPoint(0, 0)), field.message.size())
    assert screen.sign() is False
    shown = QRect(field.message.mapTo(field.pad, QPoint(0, 0)), field.message.size())
    assert field.pad.rect().contains(shown)
    assert field.message.heightForWidth(field.message.width()) <= field.message.height()


def test_a_wrong_pin_does_not_move_the_keypad(qtbot: Any, family_case: Any,
                                              test_catalog: Any) -> None:
    window, screen = _family(qtbot, family_case, test_catalog)
    screen.back_button.click()
    dialog = window.pin_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    keys = (dialog.pad.digit_buttons["1"], dialog.pad.ok_button, dialog.cancel_button)
    before = [place(k) for k in keys]
    dialog.enter("000001")
    qtbot.waitUntil(lambda: "falsch" in dialog.message.text(), timeout=5000)
    assert [place(k) for k in keys] == before
    dialog.reject()


def _wheel(widget: QWidget, down: bool = True) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120 if down else 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_changes_no_unfocused_drop_down(qtbot: Any, demo_station: Any) -> None:
    """The case list's state filter and the PIN dialog's counsellor picker, like the intake
    fields: a wheel turn over them while they have no focus changes nothing."""
    demo_station.auth.enrol("Ben Beispiel", "135790", actor="admin")
    window = open_window(qtbot, demo_station)
    cases = log_in(qtbot, window)
    qtbot.waitUntil(lambda: not cases.loading, timeout=5000)
    cases.search.setFocus()
    state = cases.state
    assert isinstance(state, QComboBox) and state.currentIndex() == 0
    _wheel(state)
    assert state.currentIndex() == 0
    state.setFocus()
    _wheel(state)  # focused (tapped or tabbed to), it takes the wheel as usual
    assert state.currentIndex() == 1

    dialog = window.ask_pin("Test", lambda _c: None)
    qtbot.waitExposed(dialog)
    dialog.pad.setFocus()
    chosen = dialog.who.currentIndex()
    _wheel(dialog.who)
    _wheel(dialog.who, down=False)
    assert dialog.who.currentIndex() == chosen
    dialog.reject()


def test_large_text_never_makes_the_window_grow(qtbot: Any, demo_station: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window, intake = open_intake(qtbot, demo_station, single_parent_household(),
                                 step="applicant")
    try:
        for size in ((1280, 800), (1024, 768)):
            window.resize(*size)
            QApplication.processEvents()
            for step in ("applicant", "incomes"):
                intake.show_step(step)
                window.large_text_switch.setChecked(True)
                QApplication.processEvents()
                assert (window.width(), window.height()) == size, step
                window.large_text_switch.setChecked(False)
                QApplication.processEvents()
                assert (window.width(), window.height()) == size, step
    finally:
        style.apply(app)


def test_the_step_list_highlights_the_step_shown_in_large_text(
        qtbot: Any, demo_station: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window, intake = open_intake(qtbot, demo_station, single_parent_household(),
                                 step="housing")
    window.resize(1024, 768)
    try:
        window.large_text_switch.setChecked(True)
        intake.show_step("bank_account")
        place(intake.steps)
        steps = intake.steps
        current = steps.currentItem()
        assert current.data(Qt.ItemDataRole.UserRole) == "bank_account"
        rect = steps.visualItemRect(current)
        view = steps.viewport().rect()
        assert view.top() <= rect.top() and rect.bottom() <= view.bottom()  # in view
        # The painted highlight (the selection colour) covers that row and no other.
        image = steps.viewport().grab().toImage()
        ratio = image.devicePixelRatio()
        x = int(rect.center().x() * ratio) - 40
        highlighted = [y / ratio for y in range(image.height())
                       if image.pixelColor(x, y).name() == "#0b3d91"]
        assert highlighted
        assert rect.top() - 1 <= min(highlighted) and max(highlighted) <= rect.bottom() + 1
    finally:
        style.apply(app)


def test_a_new_child_is_scrolled_into_view(qtbot: Any, demo_station: Any) -> None:
    household = single_parent_household()
    window, intake = open_intake(qtbot, demo_station, household, step="children")
    window.resize(1024, 768)
    for _ in range(2):
        add = next(b for b in intake.body.findChildren(QWidget)
                   if getattr(b, "text", lambda: "")() == "Kind hinzufügen")
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    place(intake)
    focus = QApplication.focusWidget()
    assert focus is not None and intake.body.isAncestorOf(focus)
    viewport = intake.scroll_area.viewport()
    shown = QRect(focus.mapTo(viewport, QPoint(0, 0)), focus.size())
    assert viewport.rect().contains(shown), "the new child's first field is off-screen"
    assert intake.scroll_area.verticalScrollBar().value() > 0


def test_an_income_message_does_not_resize_the_grid_columns(qtbot: Any,
                                                            demo_station: Any) -> None:
    """Every column of an income entry keeps its place and width when a message appears
    or goes, and the row being typed in stays where it is. (A message that wraps to more
    lines than the one kept for it still moves the row below it down.)"""
    window, intake = open_intake(qtbot, demo_station, single_parent_household(),
                                 step="incomes")
    window.resize(1024, 768)
    incomes = intake.widget_for("incomes")
    row = incomes.rows[0]
    amount = row["amount_cents"]
    same_row = [row[key].focus_widget() for key in ("kind", "amount_cents", "net_cents")]
    everything = [w.focus_widget() for w in row.values()]

    def columns() -> list[tuple[int, int]]:
        return [(place(e).x(), place(e).width()) for e in everything]

    before = (columns(), [place(e) for e in same_row])
    amount.line.setFocus()
    type_into(qtbot, amount, "zwölf Euro")  # not an amount: a message under the field
    assert amount.problem
    assert (columns(), [place(e) for e in same_row]) == before
    type_into(qtbot, amount, "1600")
    assert not amount.problem
    assert (columns(), [place(e) for e in same_row]) == before
