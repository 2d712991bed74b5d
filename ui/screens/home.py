"""Placeholder start screen ("Fälle") until the case list arrives: the cases of the station
and a way into family mode for one of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import state_label

if TYPE_CHECKING:
    from ui.window import MainWindow


class HomeScreen(QWidget):
    title = "Fälle"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window
        heading = QLabel("Fälle", self)
        heading.setObjectName("heading")
        self.cases = QListWidget(self)
        self.cases.setAccessibleName("Fälle")
        for case in window.session.visit.list_cases():
            name = case.family_name or "(ohne Namen)"
            label = f"{name} – {case.visit_date} – {state_label(case.state)}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            self.cases.addItem(item)
        self.empty = QLabel("Noch keine Fälle auf dieser Station.", self)
        self.empty.setObjectName("hint")
        self.empty.setVisible(self.cases.count() == 0)
        self.family_button = QPushButton("Familienmodus öffnen", self)
        self.family_button.setObjectName("primary")
        self.family_button.setAccessibleName("Familienmodus für den gewählten Fall öffnen")
        self.family_button.setEnabled(False)
        self.cases.currentRowChanged.connect(lambda row: self.family_button.setEnabled(row >= 0))
        self.family_button.clicked.connect(self._family)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.family_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.addWidget(heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.cases, 1)
        layout.addLayout(row)

    def _family(self) -> None:
        item = self.cases.currentItem()
        if item is not None:
            self._window.show_screen("family", case_id=item.data(Qt.ItemDataRole.UserRole))


SCREENS = {"home": HomeScreen}
