"""The case list ("cases"), the counsellor's start screen: find, open, resume, withdraw.

Search by family name, visit date and state (German labels from the core). The cases are
read off the UI thread, one page of ``PAGE_SIZE`` at a time ("weiter"/"zurück", "Seite x von
y"), so a station with 50,000 cases never loads them all; typing in the search waits a moment
so a query runs once per pause, not once per key. Opening a case resumes the intake where it
was left.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.i18n import STATE_KEYS, state_label
from kiosk.model import empty_household
from kiosk.store.states import WITHDRAWN
from ui.widgets.fields import TOUCH_PX
from ui.widgets.fields_buttons import ConfirmButton, touch_button
from ui.widgets.reserve import reserve_space
from ui.widgets.touch import touch_combo

if TYPE_CHECKING:
    from kiosk.store.records import CasePage, CaseSummary
    from ui.window import MainWindow

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 200
PAGE_SIZE = 50
COLUMNS = ("Familie", "Besuchstag", "Status", "Anträge")


def german_date(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


class CaseListScreen(QWidget):
    title = "Fälle"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("caseList")
        self._window = window
        self._visit = window.session.visit
        self.cases: list[CaseSummary] = []
        self.total = 0
        self.page_offset = 0
        self.loading = False
        self._again = False
        window.session.case_id = None

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Familienname suchen")
        self.search.setAccessibleName("Nach Familienname suchen")
        self.search.setMinimumHeight(TOUCH_PX)
        self.visit_date = QLineEdit(self)
        self.visit_date.setPlaceholderText("Besuchstag TT.MM.JJJJ")
        self.visit_date.setAccessibleName("Nach Besuchstag filtern")
        self.visit_date.setMinimumHeight(TOUCH_PX)
        self.state = QComboBox(self)
        self.state.setAccessibleName("Nach Status filtern")
        self.state.setMinimumHeight(TOUCH_PX)
        touch_combo(self.state, min_chars=12)  # a stray wheel turn keeps the filter
        self.state.addItem("Alle Status", None)
        for key, label in ((k, state_label(k)) for k in STATE_KEYS):
            self.state.addItem(label, key)
        self.filter_problem = QLabel("", self)
        self.filter_problem.setObjectName("problem")
        self.filter_problem.setVisible(False)
        self.filter_problem.setWordWrap(True)
        reserve_space(self.filter_problem, lines=1)  # an unreadable date moves no row

        self.table = QTableWidget(0, len(COLUMNS), self)
        # Tab leaves the table for the buttons; the arrow keys move between rows.
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("Fälle")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(TOUCH_PX)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.open_selected())
        self.empty = QLabel("", self)
        self.empty.setObjectName("hint")
        self.previous_button = touch_button("Zurück", self, "Vorherige Seite der Fälle")
        self.next_button = touch_button("Weiter", self, "Nächste Seite der Fälle")
        self.page_label = QLabel("", self)
        self.page_label.setAccessibleName("Seite der Fallliste")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_button.clicked.connect(lambda: self.turn_page(-1))
        self.next_button.clicked.connect(lambda: self.turn_page(1))
        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(False)

        self.new_button = touch_button("Neuer Fall", self, "Neuen Fall anlegen", primary=True)
        self.open_button = touch_button("Öffnen / fortsetzen", self,
                                        "Gewählten Fall öffnen und fortsetzen")
        self.claims_button = touch_button("Anträge", self, "Anträge des gewählten Falls")
        self.withdraw_button = ConfirmButton(
            "Zurückziehen", "Wirklich zurückziehen? Nochmals tippen.", self,
            "Gewählten Fall zurückziehen")
        self.sending_button = touch_button("Versand", self, "Versand an die Stellen anzeigen")
        self.sending_button.clicked.connect(lambda: window.show_screen("sending"))
        self.new_button.clicked.connect(self.new_case)
        self.open_button.clicked.connect(self.open_selected)
        self.claims_button.clicked.connect(self._claims)
        self.withdraw_button.confirmed.connect(self.withdraw_selected)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.visit_date, 1)
        filters.addWidget(self.state, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.sending_button)
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.claims_button)
        buttons.addWidget(self.open_button)
        heading = QLabel("Fälle", self)
        heading.setObjectName("heading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(self.filter_problem)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        paging = QHBoxLayout()
        paging.addWidget(self.previous_button)
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.next_button)
        layout.addLayout(paging)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.visit_date.textChanged.connect(lambda _t: self._timer.start())
        self.state.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self._selection_changed()
        self.search.setFocus()
        self.reload()

    # --- filtering -----------------------------------------------------------------------
    def filters(self) -> dict[str, Any] | None:
        """The store's filter arguments, or ``None`` while the date is not readable."""
        try:
            visit = self._visit.visit_day(self.visit_date.text())
        except KioskError as exc:
            self.filter_problem.setText(exc.user_message)
            self.filter_problem.setVisible(True)
            return None
        self.filter_problem.setVisible(False)
        return {"search": self.search.text().strip() or None,
                "state": self.state.currentData(), "visit_date": visit}

    def _filters_changed(self) -> None:
        """New filters start again on the first page."""
        self.page_offset = 0
        self.reload()

    def turn_page(self, step: int) -> None:
        """Show the next (+1) or previous (-1) page."""
        offset = self.page_offset + step * PAGE_SIZE
        if 0 <= offset < max(self.total, 1):
            self.page_offset = offset
            self.reload()

    def reload(self) -> None:
        """Query one page of the cases with the current filters, off the UI thread."""
        self._timer.stop()
        if self.loading:
            self._again = True
            return
        args = self.filters()
        if args is None:
            return
        self.loading = True
        visit = self._visit
        # Bound to this screen (parent=self): while it is being built the window's current
        # screen is still the previous one, whose answers are dropped with it.
        offset = self.page_offset
        self._window.run_in_background(
            lambda: visit.page_cases(**args, limit=PAGE_SIZE, offset=offset),
            self._loaded, self._failed, parent=self)

    def _loaded(self, page: CasePage) -> None:
        self.loading = False
        if self._again:
            self._again = False
            self.reload()
            return
        selected = self.selected_case_id()
        cases = page.cases
        self.cases = cases
        self.total = page.total
        self.page_offset = page.offset
        self.table.setRowCount(len(cases))
        for row, case in enumerate(cases):
            live = [c for c in case.claims if c.state != WITHDRAWN]
            values = (case.family_name or "(ohne Namen)", german_date(case.visit_date),
                      state_label(case.state), str(len(live)))
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, case.id)
                self.table.setItem(row, col, cell)
            if case.id == selected:
                self.table.selectRow(row)
        any_filter = bool(self.search.text().strip() or self.visit_date.text().strip()
                          or self.state.currentData())
        self.empty.setText("Keine Fälle passen zur Suche." if any_filter
                           else "Noch keine Fälle auf dieser Station.")
        self.empty.setVisible(not cases)
        self.page_label.setText(f"Seite {page.number} von {page.count} · "
                                + (f"{page.total} Fall" if page.total == 1
                                   else f"{page.total} Fälle"))
        self.previous_button.setEnabled(page.offset > 0)
        self.next_button.setEnabled(page.offset + PAGE_SIZE < page.total)
        self._selection_changed()

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        log.error("case list could not be read: %s", type(exc).__name__)
        self.filter_problem.setText("Die Fälle konnten nicht gelesen werden.")
        self.filter_problem.setVisible(True)

    def shown_names(self) -> list[str]:
        """The family names in the list, top to bottom (what the counsellor sees)."""
        return [item.text() for r in range(self.table.rowCount())
                if (item := self.table.item(r, 0)) is not None]

    # --- actions -------------------------------------------------------------------------
    def selected_case_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select_case(self, case_id: str) -> None:
        for row, case in enumerate(self.cases):
            if case.id == case_id:
                self.table.selectRow(row)
                return
        raise KeyError(case_id)

    def _selected_summary(self) -> CaseSummary | None:
        case_id = self.selected_case_id()
        return next((c for c in self.cases if c.id == case_id), None)

    def _selection_changed(self) -> None:
        case = self._selected_summary()
        self.open_button.setEnabled(case is not None)
        self.claims_button.setEnabled(case is not None and self._window.has_screen("claims"))
        self.withdraw_button.reset()
        self.withdraw_button.setEnabled(case is not None and case.state != WITHDRAWN)

    def new_case(self) -> None:
        case_id = self._visit.create_case(household=empty_household())
        self._window.show_screen("intake", case_id=case_id)

    def open_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            self._window.show_screen("intake", case_id=case_id)

    def _claims(self) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            self._window.show_screen("claims", case_id=case_id)

    def withdraw_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            return
        self._visit.withdraw_case(case_id)
        self.reload()


SCREENS = {"cases": CaseListScreen}
