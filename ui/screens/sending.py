"""The sending panel ("sending"): where each signed claim stands on its way to its office.

Each claim with its state, a progress bar (announced, each document uploaded, submitted,
the office's receipt), the last problem in plain words and the next attempt; "Erneut
versuchen" on a claim that needs help; "Jetzt senden" runs a pass in the background (the
button waits while one runs) and shows what it did. The list is read off the UI thread and
read again whenever a pass — this one's or the kiosk's background sending — has ended.
Reached from the case list ("Versand") and by tapping the status bar's sending status.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from ui.widgets.fields_buttons import ConfirmButton, touch_button
from ui.widgets.reserve import reserve_space

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.sync.runner import PassResult
    from kiosk.visit.sending import SendingOverview, SendingRow
    from ui.window import MainWindow

log = logging.getLogger(__name__)

SEND_NOW = "Jetzt senden"
RETRY = "Erneut versuchen"
DISCARD = "Verwerfen (auf Papier abgeben)"
RUNNING = "Senden läuft … Die anderen Bildschirme bleiben bedienbar."
NO_NAME = "(ohne Namen)"


class SendingScreen(QWidget):
    title = "Versand"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("sendingPanel")
        self._window = window
        self._visit = window.session.visit
        self._sending = window.sending
        self.overview: SendingOverview | None = None
        self.rows: dict[str, SendingRowWidget] = {}
        self.ready = False
        self.loading = False
        self._again = False

        heading = QLabel("Versand an die Stellen", self)
        heading.setObjectName("heading")
        self.notice = QLabel("", self)
        self.notice.setObjectName("problem")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Hinweis zum Versand")
        reserve_space(self.notice, lines=1)
        self.result = QLabel("", self)
        self.result.setObjectName("hint")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Ergebnis des letzten Sendevorgangs")
        self.empty = QLabel("", self)
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        self.list_area = QScrollArea(self)
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_area.setAccessibleName("Anträge im Versand")

        self.back_button = touch_button("Zurück zu den Fällen", self, "Zurück zur Fallliste")
        self.back_button.clicked.connect(window.show_home)
        self.send_button = touch_button(SEND_NOW, self, "Jetzt senden: wartende Anträge an "
                                        "ihre Stellen senden", primary=True)
        self.send_button.clicked.connect(self.send_now)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.result, 1)  # beside the button that started the pass
        buttons.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.addWidget(heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.list_area, 1)
        layout.addLayout(buttons)

        if self._sending is not None:
            self._sending.started.connect(self._pass_started)
            self._sending.finished.connect(self._pass_finished)
            if self._sending.last is not None:
                self.result.setText(_summary(self._sending.last))
        self._update_button()
        if self._sending is not None and self._sending.running:
            self.result.setText(RUNNING)
        self.reload()

    # --- reading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the claims in the outbox again, off the UI thread."""
        if self.loading:
            self._again = True
            return
        self.loading = True
        visit = self._visit
        self._window.run_in_background(visit.sending_overview, self._loaded, self._failed,
                                       parent=self)

    def _loaded(self, overview: SendingOverview) -> None:
        self.loading = False
        if self._again:
            self._again = False
            self.reload()
            return
        self.overview = overview
        self.notice.setText(overview.notice)
        self.notice.setVisible(bool(overview.notice))
        body = QWidget()
        body.setObjectName("claimsBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        self.rows = {}
        for row in overview.rows:
            widget = SendingRowWidget(self, row, body)
            column.addWidget(widget)
            self.rows[row.item_id] = widget
        column.addStretch(1)
        old = self.list_area.takeWidget()
        self.list_area.setWidget(body)
        if old is not None:
            old.deleteLater()
        self.empty.setText("Noch keine unterschriebenen Anträge zum Versand.")
        self.empty.setVisible(not overview.rows)
        self._update_button()
        self.ready = True

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        log.error("sending overview could not be read: %s", type(exc).__name__)
        self.notice.setText(getattr(exc, "user_message", None)
                            or "Der Versandstatus konnte nicht gelesen werden.")
        self.notice.setVisible(True)
        self.ready = True

    def states(self) -> dict[str, str]:
        """Each claim's state as shown (claim id -> German label)."""
        return {cid: w.row.state_label for cid, w in self.rows.items()}

    # --- actions -------------------------------------------------------------------------
    def _update_button(self) -> None:
        configured = self._sending is not None and (
            self.overview is None or self.overview.configured)
        self.send_button.setEnabled(configured and not (self._sending and self._sending.running))

    def send_now(self) -> None:
        """Run a pass now, in the background (the button waits until it has ended)."""
        if self._sending is not None:
            self._sending.send_now()

    def _pass_started(self) -> None:
        self.result.setText(RUNNING)
        self.result.setVisible(True)
        self._update_button()

    def _pass_finished(self, result: PassResult) -> None:
        self.result.setText(_summary(result))
        self._update_button()
        self.reload()

    def retry(self, claim_id: str) -> None:
        self._act(lambda: self._visit.retry_sending(claim_id))

    def discard(self, followup_id: str) -> None:
        """A follow-up the office will not get this way (the family hands the documents in
        on paper): it stops waiting."""
        self._act(lambda: self._visit.discard_followup(followup_id))

    def _act(self, action: Callable[[], object]) -> None:
        try:
            action()
        except KioskError as exc:
            self.notice.setText(exc.user_message)
            self.notice.setVisible(True)
            return
        if self._sending is not None:
            self._sending.queue_changed()
        self.reload()


def _summary(result: PassResult) -> str:
    from kiosk.visit.sending import pass_summary

    return pass_summary(result)


class SendingRowWidget(QFrame):
    """One claim: who and what, its office and state, the progress, the problem."""

    def __init__(self, screen: SendingScreen, row: SendingRow, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("claimBlock")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.row = row
        who = f"{row.family_name or NO_NAME} · Besuch {row.visit_date}"
        column = QVBoxLayout(self)
        self.title = QLabel(f"{row.benefit} – {who}", self)
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        self.state = QLabel(f"An: {row.office} · Status: {row.state_label}", self)
        self.state.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, max(row.steps, 1))
        self.progress.setValue(row.steps_done)
        self.progress.setFormat(f"{row.steps_done} von {row.steps} Schritten")
        self.progress.setAccessibleName(
            f"Fortschritt: {row.steps_done} von {row.steps} Schritten")
        self.progress.setMinimumWidth(200)
        column.addWidget(self.title)
        line = QHBoxLayout()  # state and progress on one line: more claims in view
        line.addWidget(self.state, 1)
        line.addWidget(self.progress)
        column.addLayout(line)
        self.problem = QLabel(row.problem, self)
        self.problem.setObjectName("problem" if row.can_retry or row.state == "rejected"
                                   else "hint")
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(row.problem))
        column.addWidget(self.problem)
        self.next_attempt = QLabel(row.next_attempt, self)
        self.next_attempt.setWordWrap(True)
        self.next_attempt.setVisible(bool(row.next_attempt))
        column.addWidget(self.next_attempt)
        self.retry_button: QPushButton | None = None
        if row.can_retry:
            self.retry_button = touch_button(RETRY, self, f"{row.benefit}: {RETRY}")
            self.retry_button.clicked.connect(lambda: screen.retry(row.item_id))
            retry_line = QHBoxLayout()
            retry_line.addWidget(self.retry_button)
            self.discard_button: ConfirmButton | None = None
            if row.followup_id:
                self.discard_button = ConfirmButton(
                    DISCARD, "Wirklich verwerfen? Nochmals tippen.", self,
                    f"{row.benefit}: {DISCARD}")
                self.discard_button.confirmed.connect(lambda: screen.discard(row.followup_id))
                retry_line.addWidget(self.discard_button)
            retry_line.addStretch(1)
            column.addLayout(retry_line)
        self.setAccessibleName(f"{row.benefit}, {row.state_label}")


SCREENS: dict[str, Any] = {"sending": SendingScreen}
