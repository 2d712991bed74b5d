"""The claims of a case ("claims", ``case_id=…``): hints, chosen claims, what each lacks.

Left, the eligibility hints (likely / possible / not applicable, each with its reason in
plain words) with a button per benefit and person to add the claim — a hint, never a
decision: every benefit can be added. Right, the claims of the case: each with its own
extra questions (drawn by the same field widgets as the intake, saved at once) and the
fields and documents still missing. The button at the bottom hands the screen to the
family (family mode; back only with a PIN). "Für die Familie" prints (Qt print dialog, then
the system print queue) or saves (a folder, e.g. a USB stick) the signed claims' PDFs and the
one-page handout in the family's language.

Everything shown comes from the visit operations: ``claims_overview`` for hints and claims,
``questions``/``answer`` for a claim's own questions, ``add_claim``/``remove_claim``/
``correct`` for changes, ``print_for_family``/``save_for_family`` for the family's copy.
Loading, printing and saving run off the UI thread.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.i18n import LANGUAGES, state_label
from kiosk.model import members
from kiosk.store.states import DRAFT, WITHDRAWN
from kiosk.visit.attachments import TAKES_DOCUMENTS
from kiosk.visit.intake import problem_text
from ui.widgets.fields import FieldWidget, make_field
from ui.widgets.fields_buttons import ConfirmButton, touch_button
from ui.widgets.reserve import keep_place_when_hidden, reserve_space
from ui.widgets.scanner_watch import ScannerWatch, scanner_button_text
from ui.widgets.touch import touch_combo

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from kiosk.visit import CaseOverview, ClaimQuestions, ClaimRow, HintRow, Question, Visit
    from kiosk.visit.attachments import Attachment
    from kiosk.visit.scanner_inbox import Pickup
    from ui.window import MainWindow

log = logging.getLogger(__name__)

LANG = "de"
LEVEL_LABELS = {
    "likely": "wahrscheinlich",
    "possible": "möglich",
    "not_applicable": "nicht zutreffend",
}
HOUSEHOLD = "Haushalt"
NO_FITTING_CHILD = "kein Kind, für das dieser Antrag passt"
CHANGED_SINCE_SIGNING = ("Die Angaben haben sich seit der Unterschrift geändert – dieser "
                         "Antrag muss neu unterschrieben werden.")
CORRECT_BUTTON = "Korrigieren und neu unterschreiben"
CHOSEN_HEADING = "Bereits gewählt"
CHOSEN = "Antrag ist gewählt"
COPY_TITLE = "Für die Familie:"
NO_SIGNED_CLAIM = "Noch kein Antrag unterschrieben."
NO_PRINTER = ("An dieser Station ist kein Drucker eingerichtet. Bitte „Speichern“ nutzen "
              "(z. B. auf einen USB-Stick).")


@dataclass(frozen=True)
class Loaded:
    """What the screen shows: the overview, and the questions of each claim that has a form."""

    overview: CaseOverview
    questions: dict[str, ClaimQuestions]
    #: The signed claims (with their PDF) the family can take a copy of.
    copy_claims: tuple[str, ...] = ()


def load(visit: Visit, case_id: str) -> Loaded:
    """Everything the screen shows, in one go (off the UI thread)."""
    overview = visit.claims_overview(case_id, LANG)
    questions = {}
    for row in overview.claims:
        if row.form is None:
            continue
        try:
            questions[row.claim.id] = visit.questions(row.claim.id, LANG)
        except KioskError as exc:  # shown as "form not available" for this claim only
            log.warning("claim questions not available: %s", type(exc).__name__)
    return Loaded(overview, questions, tuple(visit.family_copy_claims(case_id)))


def who(subject_name: str | None) -> str:
    """Who a claim is for, as the counsellor reads it."""
    return subject_name or HOUSEHOLD


def hint_who(row: HintRow) -> str:
    return who(row.subject_name) if row.addable else NO_FITTING_CHILD


def hint_text(row: HintRow) -> str:
    """The hint's level and its reason in plain words."""
    level = LEVEL_LABELS.get(row.level or "", "ohne Hinweis")
    return f"Einschätzung: {level}" + (f". {row.reason}" if row.reason else "")


def missing_text(gaps: Sequence[Any]) -> str:
    """The missing fields (with the problem of a value typed) and documents, in German."""
    fields = [g.label + (f" ({problem_text(g.problem, LANG)})" if g.problem else "")
              for g in gaps if g.kind == "field"]
    documents = [g.label for g in gaps if g.kind == "document"]
    return "\n".join((
        "Fehlende Angaben: " + ("; ".join(fields) if fields else "keine"),
        "Nachweise: " + ("; ".join(documents) if documents else "keine"),
    ))


class ClaimsScreen(QWidget):
    title = "Anträge"

    def __init__(self, window: MainWindow, case_id: str) -> None:
        super().__init__()
        self.setObjectName("claims")
        self._window = window
        self._visit = window.session.visit
        self.case_id = case_id
        self.ready = False
        #: A withdrawn case: claims are shown, nothing can be added, answered or signed.
        self.read_only = False
        self.overview: CaseOverview | None = None
        self.hint_rows: list[tuple[HintRow, QWidget]] = []
        self.claim_blocks: dict[str, ClaimBlock] = {}
        window.session.case_id = case_id

        self.heading = QLabel("Anträge werden geladen …", self)
        self.heading.setObjectName("heading")
        self.status = QLabel("", self)
        self.status.setObjectName("problem")
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        hints_title = QLabel("Hinweise", self)
        hints_title.setObjectName("subheading")
        claims_title = QLabel("Gewählte Anträge", self)
        claims_title.setObjectName("subheading")
        self.hints_scroll = _scroll(self)
        self.claims_scroll = _scroll(self)
        self.accept_button = touch_button("Vorgeschlagene Anträge übernehmen", self,
                                          "Alle wahrscheinlichen Anträge hinzufügen")
        self.accept_button.clicked.connect(self.accept_suggested)
        self.intake_button = touch_button("Zurück zur Erfassung", self)
        self.intake_button.clicked.connect(lambda: self.open_intake())
        self.cases_button = touch_button("Zur Fallübersicht", self)
        self.cases_button.clicked.connect(window.show_home)
        self.family_button = touch_button("An die Familie übergeben", self,
                                          "Bildschirm an die Familie übergeben (Familienmodus)",
                                          primary=True)
        self.family_button.clicked.connect(self.hand_to_family)
        self.family_button.setEnabled(False)
        self.accept_button.setEnabled(False)
        self.family_copy = FamilyCopyArea(self)
        #: The station's scanner folder, watched (no buttons where there is none).
        self.scanner = ScannerWatch(self._visit, self)
        #: What the last attaching said, by claim (scans refused; a document that goes as a
        #: follow-up): shown by the claim's block, which the reload builds anew.
        self.scan_refusals: dict[str, str] = {}
        self.attach_notices: dict[str, str] = {}
        self.scanner.changed.connect(self._scans_changed)

        left = QVBoxLayout()
        left.addWidget(hints_title)
        left.addWidget(self.hints_scroll, 1)
        left.addWidget(self.accept_button)
        right = QVBoxLayout()
        right.addWidget(claims_title)
        right.addWidget(self.claims_scroll, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        nav = QHBoxLayout()
        nav.addWidget(self.cases_button)
        nav.addWidget(self.intake_button)
        nav.addStretch(1)
        nav.addWidget(self.family_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addLayout(columns, 1)
        layout.addWidget(self.family_copy)
        layout.addLayout(nav)
        self.reload()

    def _scans_changed(self, count: int) -> None:
        for block in self.claim_blocks.values():
            block.show_scans(count)

    @property
    def visit(self) -> Visit:
        return self._visit

    def is_current(self) -> bool:
        """Whether this screen is still the one shown to a logged-in counsellor (a modal
        dialog may outlive an idle lock)."""
        return self._window.session.logged_in and self._window.current_screen is self

    def run_in_background(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
                          on_error: Callable[[BaseException], None]) -> None:
        """A core call off the UI thread, answered while this screen still exists."""
        self._window.run_in_background(fn, on_done, on_error, parent=self)

    # --- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        self.ready = False
        visit, case_id = self._visit, self.case_id
        self._window.run_in_background(lambda: load(visit, case_id),
                                       self._loaded, self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        log.error("claims could not be loaded: %s", type(exc).__name__)
        self.heading.setText("Die Anträge können nicht angezeigt werden.")
        self.status.setText(getattr(exc, "user_message", "") or
                            "Bitte die IT-Betreuung verständigen.")
        self.status.setVisible(True)

    def _loaded(self, loaded: Loaded) -> None:
        overview = loaded.overview
        self.overview = overview
        applicant = overview.case.household.get("applicant") or {}
        family = applicant.get("family_name") if isinstance(applicant, dict) else None
        self.heading.setText(f"Anträge – Familie {family}" if family else "Anträge")
        self.read_only = overview.case.state == WITHDRAWN
        note = ("Dieser Fall wurde zurückgezogen. Anträge können nicht mehr hinzugefügt, "
                "geändert oder unterschrieben werden.") if self.read_only else ""
        self.status.setText(note)
        self.status.setVisible(bool(note))
        self._fill_hints(overview)
        self._fill_claims(overview, loaded.questions)
        drafts = [c for c in overview.claims if c.claim.state == DRAFT]
        self.family_button.setEnabled(bool(overview.claims) and not self.read_only)
        self.family_button.setToolTip("" if drafts else "Keine offenen Anträge zum Unterschreiben.")
        self.accept_button.setEnabled(not self.read_only and any(
            r.level == "likely" and r.claim_id is None for r in overview.hints))
        self.family_copy.loaded(overview, loaded.copy_claims)
        self.ready = True

    def _fill_hints(self, overview: CaseOverview) -> None:
        """The hints still open as cards (reason, "Antrag hinzufügen"); hints whose claim is
        chosen shrink to one line each below them (the reason in the tooltip), so accepting
        the suggestions leaves a short list, not a column of tall cards."""
        body = QWidget()
        body.setObjectName("hintsBody")
        column = QVBoxLayout(body)
        chosen_box = QVBoxLayout()
        chosen_box.setSpacing(2)
        self.hint_rows = []
        for row in overview.hints:
            frame = self._chosen_hint(row, body) if row.claim_id is not None \
                else self._hint_card(row, body)
            (chosen_box if row.claim_id is not None else column).addWidget(frame)
            self.hint_rows.append((row, frame))
        if chosen_box.count():
            heading = QLabel(CHOSEN_HEADING, body)
            heading.setObjectName("subheading")
            column.addWidget(heading)
            column.addLayout(chosen_box)
        column.addStretch(1)
        _replace(self.hints_scroll, body)

    def _hint_card(self, row: HintRow, parent: QWidget) -> QFrame:
        frame = QFrame(parent)
        frame.setObjectName("hintRow")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        title = QLabel(f"{row.title} – {hint_who(row)}", frame)
        title.setWordWrap(True)
        hint = QLabel(hint_text(row), frame)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        box.addWidget(title)
        box.addWidget(hint)
        if row.addable and not self.read_only:
            add = touch_button("Antrag hinzufügen", frame,
                               f"{row.title} für {hint_who(row)} hinzufügen")
            add.clicked.connect(lambda _=False, r=row: self.add_claim(r.benefit, r.subject))
            box.addWidget(add)
        return frame

    @staticmethod
    def _chosen_hint(row: HintRow, parent: QWidget) -> QFrame:
        frame = QFrame(parent)
        frame.setObjectName("hintChosen")
        box = QVBoxLayout(frame)
        box.setContentsMargins(4, 2, 4, 2)
        level = LEVEL_LABELS.get(row.level or "", "ohne Hinweis")
        line = QLabel(f"✓ {row.title} – {hint_who(row)} ({level}): {CHOSEN}", frame)
        line.setWordWrap(True)
        box.addWidget(line)
        frame.setToolTip(hint_text(row))
        frame.setAccessibleDescription(hint_text(row))
        return frame

    def _fill_claims(self, overview: CaseOverview,
                     questions: dict[str, ClaimQuestions]) -> None:
        body = QWidget()
        body.setObjectName("claimsBody")
        column = QVBoxLayout(body)
        self.claim_blocks = {}
        household = overview.case.household
        persons = [(m.id, m.name or m.id) for m in members(household, living_only=False)]
        if not overview.claims:
            empty = QLabel("Noch kein Antrag gewählt.", body)
            empty.setObjectName("hint")
            column.addWidget(empty)
        for row in overview.claims:
            block = ClaimBlock(self, row, questions.get(row.claim.id), persons, body)
            column.addWidget(block)
            self.claim_blocks[row.claim.id] = block
        column.addStretch(1)
        _replace(self.claims_scroll, body)

    # --- actions -------------------------------------------------------------------------
    def add_claim(self, benefit: str, subject: str | None, reload: bool = True) -> str | None:
        if self.read_only:
            raise PermissionError("the case is withdrawn")
        try:
            claim_id = self._visit.add_claim(self.case_id, benefit, subject)
        except KioskError as exc:
            self._say(exc)
            return None
        if reload:
            self.reload()
        return claim_id

    def accept_suggested(self) -> list[str]:
        """Add a claim for every "likely" hint that has none yet."""
        if self.overview is None:
            return []
        added = [self.add_claim(r.benefit, r.subject, reload=False)
                 for r in self.overview.hints if r.level == "likely" and r.claim_id is None]
        self.reload()
        return [c for c in added if c is not None]

    def open_intake(self, step: str | None = None) -> None:
        self._window.show_screen("intake", case_id=self.case_id, step=step)

    def remove_claim(self, claim_id: str) -> None:
        try:
            self._visit.remove_claim(claim_id)
        except KioskError as exc:
            self._say(exc)
            return
        self.reload()

    def correct_claim(self, claim_id: str) -> str | None:
        """A signed claim whose data changed: a new draft for the family to sign again."""
        try:
            new_id = self._visit.correct(claim_id)
        except KioskError as exc:
            self._say(exc)
            return None
        self.reload()
        return new_id

    def hand_to_family(self) -> None:
        if self.overview is None or self.read_only:
            return
        lang = self.overview.case.household.get("language") or "de"
        self._window.show_screen("family", case_id=self.case_id, lang=lang,
                                 return_to=("claims", {"case_id": self.case_id}))

    def answer_changed(self, block: ClaimBlock, key: str, widget: FieldWidget,
                       raw: Any) -> None:
        """Hand the typed answer to the core (it checks and saves it at once) and show
        what it says: the field's message, what is shown now, what the claim lacks."""
        try:
            result = self._visit.answer(block.row.claim.id, key, raw, LANG)
        except KioskError as exc:  # say so; the input stays on screen
            log.error("answer could not be saved: %s", type(exc).__name__)
            widget.show_problem(exc.user_message or "Speichern fehlgeschlagen.")
            return
        block.show_questions(result)

    def _say(self, exc: KioskError) -> None:
        log.warning("claims action refused: %s", type(exc).__name__)
        self.status.setText(exc.user_message)
        self.status.setVisible(True)


class FamilyCopyArea(QFrame):
    """"Für die Familie": print or save the signed claims' PDFs and the handout in the
    family's language (the household's, else German; the counsellor may pick another)."""

    def __init__(self, screen: ClaimsScreen) -> None:
        super().__init__(screen)
        self.setObjectName("familyCopy")
        self._screen = screen
        self._busy = False
        self._claims: tuple[str, ...] = ()
        self._language_set = False
        title = QLabel(COPY_TITLE, self)
        title.setObjectName("subheading")
        self.language = QComboBox(self)
        self.language.setAccessibleName("Sprache des Merkblatts für die Familie")
        self.language.setToolTip("Sprache des Merkblatts für die Familie")
        touch_combo(self.language, min_chars=10)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.print_button = touch_button("Drucken", self, "Anträge und Merkblatt für die "
                                         "Familie drucken")
        self.print_button.clicked.connect(self.print_copy)
        self.save_button = touch_button("Speichern", self, "Anträge und Merkblatt für die "
                                        "Familie speichern (z. B. auf einen USB-Stick)")
        self.save_button.clicked.connect(self.save_copy)
        self.message = QLabel("", self)
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Meldung zur Kopie für die Familie")
        # The message has its own room under the buttons, kept while empty: a message
        # coming or going moves no button under the finger.
        reserve_space(self.message, lines=2)
        row = QHBoxLayout()
        row.addWidget(title)
        row.addWidget(self.language)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.message)
        self._enable()

    @property
    def lang(self) -> str:
        return str(self.language.currentData() or "de")

    def loaded(self, overview: CaseOverview, claims: tuple[str, ...]) -> None:
        """The case as loaded: which signed claims there are; the family's language is
        chosen once (a reload after an edit keeps the counsellor's pick)."""
        self._claims = claims
        if not self._language_set:
            family = overview.case.household.get("language")
            index = self.language.findData(family if family in LANGUAGES else "de")
            self.language.setCurrentIndex(max(index, 0))
            self._language_set = True
        self._enable()

    def _enable(self) -> None:
        ready = bool(self._claims) and not self._busy
        for button in (self.print_button, self.save_button):
            button.setEnabled(ready)
            button.setToolTip("" if self._claims else NO_SIGNED_CLAIM)

    def say(self, text: str, problem: bool = False) -> None:
        self.message.setObjectName("problem" if problem else "hint")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    # --- printing --------------------------------------------------------------------------
    def print_copy(self) -> None:
        """The Qt print dialog chooses printer and copies; the PDFs go to the system print
        queue from memory, off the UI thread."""
        if not self._claims or self._busy:
            return
        if not QPrinterInfo.availablePrinters():
            self.say(NO_PRINTER, problem=True)
            return
        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Für die Familie drucken")
        for option in (QAbstractPrintDialog.PrintDialogOption.PrintToFile,
                       QAbstractPrintDialog.PrintDialogOption.PrintPageRange):
            dialog.setOption(option, False)
        if dialog.exec() != QDialog.DialogCode.Accepted or not self._screen.is_current():
            return
        name, copies = printer.printerName(), printer.copyCount()
        if not name or printer.outputFileName():
            self.say("Bitte einen Drucker wählen (zum Speichern „Speichern“ nutzen).",
                     problem=True)
            return
        visit, case_id, lang, count = self._screen.visit, self._screen.case_id, self.lang, \
            len(self._claims)
        self._start("Wird gedruckt …")
        self._screen.run_in_background(
            lambda: visit.print_for_family(case_id, name, copies, lang),
            lambda _n: self._finish(
                f"An „{name}“ gesendet: {_claims_text(count)} und das Merkblatt "
                f"({LANGUAGES[lang]}), je {copies} {'Exemplar' if copies == 1 else 'Exemplare'}."),
            self._failed)

    # --- saving ----------------------------------------------------------------------------
    def save_copy(self) -> None:
        """A folder (a USB stick) from the file dialog; the PDFs are written there."""
        if not self._claims or self._busy:
            return
        # Qt's own dialog (it stays on the kiosk's screen), read-only: no renaming or
        # deleting of files from the kiosk.
        folder = QFileDialog.getExistingDirectory(
            self, "Ordner für die Familie wählen (z. B. USB-Stick)", _removable_media(),
            QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog
            | QFileDialog.Option.ReadOnly)
        if not folder or not self._screen.is_current():
            return
        visit, case_id, lang, count = self._screen.visit, self._screen.case_id, self.lang, \
            len(self._claims)
        self._start("Wird gespeichert …")
        self._screen.run_in_background(
            lambda: visit.save_for_family(case_id, folder, lang),
            lambda paths: self._finish(
                f"Gespeichert in „{folder}“: {_claims_text(count)} und das Merkblatt "
                f"({LANGUAGES[lang]}), {len(paths)} Dateien."),
            self._failed)

    # --- the outcome -----------------------------------------------------------------------
    def _start(self, text: str) -> None:
        self._busy = True
        self._enable()
        self.say(text)

    def _finish(self, text: str) -> None:
        self._busy = False
        self._enable()
        self.say(text)

    def _failed(self, exc: BaseException) -> None:
        log.error("family copy failed: %s", type(exc).__name__)
        self._busy = False
        self._enable()
        self.say(exc.user_message if isinstance(exc, KioskError) else
                 "Das hat nicht geklappt. Bitte die IT-Betreuung verständigen.", problem=True)


def _claims_text(count: int) -> str:
    return "1 Antrag" if count == 1 else f"{count} Anträge"


def _removable_media() -> str:
    """Where the file dialog opens: the folder USB sticks are mounted in, else home."""
    user = os.environ.get("USER", "")
    places = [Path("/media") / user, Path("/run/media") / user] if user else []
    for place in [*places, Path("/media")]:
        if place.is_dir():
            return str(place)
    return str(Path.home())


class ClaimBlock(QFrame):
    """One claim: title, state, its own questions, and what it still lacks."""

    def __init__(self, screen: ClaimsScreen, row: ClaimRow, questions: ClaimQuestions | None,
                 persons: list[tuple[str, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("claimBlock")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.claims_screen = screen
        self.row = row
        self.widgets: dict[str, tuple[Question, FieldWidget]] = {}
        self.missing: list[Any] = []
        self._fill_step: str | None = None
        claim = row.claim
        column = QVBoxLayout(self)
        self.title = QLabel(f"{row.title} – {who(row.subject_name)}", self)
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        self.state = QLabel(f"Status: {state_label(claim.state)}", self)
        column.addWidget(self.title)
        column.addWidget(self.state)
        self.changed_note: QLabel | None = None
        self.correct_button = None
        if row.changed_since_signing:
            self.changed_note = QLabel(CHANGED_SINCE_SIGNING, self)
            self.changed_note.setObjectName("problem")
            self.changed_note.setWordWrap(True)
            column.addWidget(self.changed_note)
            if not screen.read_only:
                self.correct_button = touch_button(CORRECT_BUTTON, self,
                                                   f"{self.title.text()}: {CORRECT_BUTTON}")
                self.correct_button.clicked.connect(lambda: screen.correct_claim(claim.id))
                column.addWidget(self.correct_button)
        if row.form is None or questions is None:
            column.addWidget(QLabel("Das Formular dieses Antrags ist nicht verfügbar.", self))
            return
        editable = claim.state == DRAFT and not screen.read_only
        # What the claim still lacks follows its questions: it changes with every answer,
        # and above them it would move the questions under the finger.
        self.gaps = QLabel("", self)
        self.gaps.setObjectName("gaps")
        self.gaps.setWordWrap(True)
        self.gaps.setAccessibleName("Was noch fehlt")
        self.fill_button = touch_button("In der Erfassung ergänzen", self,
                                        "Fehlende Angaben in der Erfassung ergänzen")
        self.fill_button.clicked.connect(self._fill_in_intake)
        for question in questions.questions:
            widget = make_field(question.field, LANG, self, persons)
            if question.item_name:
                widget.set_label_text(f"{widget.label_text} ({question.item_name})")
            widget.set_value(question.raw)
            widget.setEnabled(editable)
            if question.field.show_if is not None:
                keep_place_when_hidden(widget)  # coming and going, it moves nothing below
            widget.changed.connect(
                lambda value, k=question.key, w=widget: screen.answer_changed(self, k, w, value))
            column.addWidget(widget)
            self.widgets[question.key] = (question, widget)
        column.addWidget(self.gaps)
        column.addWidget(self.fill_button)
        self._add_documents_area(column)
        if editable:
            remove = ConfirmButton("Antrag entfernen", "Wirklich entfernen? Nochmals tippen.",
                                   self, f"{self.title.text()} entfernen")
            remove.confirmed.connect(lambda: screen.remove_claim(claim.id))
            column.addWidget(remove)
        self.show_questions(questions)

    def show_questions(self, questions: ClaimQuestions) -> None:
        """Show what the core says of the claim's questions now: each message, which are
        shown, what the claim lacks and where in the intake to fill it."""
        for question in questions.questions:
            found = self.widgets.get(question.key)
            if found is None:
                continue
            widget = found[1]
            self.widgets[question.key] = (question, widget)
            widget.show_problem(question.problem)
            widget.setVisible(question.visible)
        self.missing = list(questions.missing)
        # The box never shrinks while the screen is open: answering a question that fills
        # a gap must not pull the questions below it up under the finger.
        if self.gaps.isVisible():
            self.gaps.setMinimumHeight(max(self.gaps.minimumHeight(), self.gaps.height()))
        self.gaps.setText(missing_text(self.missing))
        self._fill_step = questions.fill_step
        if self.fill_button.isVisible():
            keep_place_when_hidden(self.fill_button)  # going away, it leaves its room
        self.fill_button.setVisible(self._fill_step is not None
                                    and not self.claims_screen.read_only)
        self._show_documents()

    # --- supporting documents (Nachweise) ------------------------------------------------------
    def _add_documents_area(self, column: QVBoxLayout) -> None:
        """Below what is missing: the documents attached (each with "entfernen") and, per
        document still missing, "Nachweis hinzufügen" (PDF, JPEG or PNG from a file)."""
        self.takes_documents = (self.row.claim.state in TAKES_DOCUMENTS
                                and not self.claims_screen.read_only)
        self.attachments: list[Attachment] = []
        self.document_buttons: dict[str, Any] = {}
        self.scanner_buttons: dict[str, Any] = {}
        self.remove_buttons: dict[str, Any] = {}
        self._documents_shown: tuple[Any, ...] | None = None
        self.documents_box = QWidget(self)
        self.documents_box.setObjectName("documentsBox")
        self.documents_layout = QVBoxLayout(self.documents_box)
        self.documents_layout.setContentsMargins(0, 0, 0, 0)
        self.attach_problem = QLabel("", self)
        self.attach_problem.setObjectName("problem")
        self.attach_problem.setWordWrap(True)
        self.attach_problem.setAccessibleName("Nachweis nicht angenommen")
        refused = self.claims_screen.scan_refusals.pop(self.row.claim.id, "")
        self.attach_problem.setText(refused)
        self.attach_problem.setVisible(bool(refused))
        notice = self.claims_screen.attach_notices.pop(self.row.claim.id, "")
        self.attach_notice = QLabel(notice, self)
        self.attach_notice.setObjectName("hint")
        self.attach_notice.setWordWrap(True)
        self.attach_notice.setVisible(bool(notice))
        column.addWidget(self.attach_notice)
        column.addWidget(self.documents_box)
        column.addWidget(self.attach_problem)
        try:
            self.attachments = self.claims_screen.visit.attachments(self.row.claim.id, LANG)
        except KioskError as exc:
            log.warning("attachments not available: %s", type(exc).__name__)

    def _show_documents(self) -> None:
        documents = tuple((g.id, g.label) for g in self.missing if g.kind == "document")
        shown = (documents, tuple(a.id for a in self.attachments))
        if shown == self._documents_shown:
            return  # nothing changed: keep the buttons where they are under the finger
        self._documents_shown = shown
        layout = self.documents_layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.document_buttons, self.remove_buttons, self.scanner_buttons = {}, {}, {}
        for attachment in self.attachments:
            line = QWidget(self.documents_box)
            row = QVBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(2)
            text = QLabel(f"✓ Nachweis: {attachment.label} ({self._kind(attachment.mime)}, "
                          f"{max(1, attachment.size // 1024)} KB)", line)
            text.setWordWrap(True)
            row.addWidget(text)
            if self.takes_documents:
                remove = touch_button("entfernen", line,
                                      f"Nachweis {attachment.label} entfernen")
                remove.clicked.connect(
                    lambda _=False, a=attachment.id: self.remove_attachment(a))
                row.addWidget(remove, 0, Qt.AlignmentFlag.AlignLeft)
                self.remove_buttons[attachment.id] = remove
            layout.addWidget(line)
        if not self.takes_documents:
            return
        for document_id, label in documents:
            # The document's name above its button: side by side they do not fit the
            # claims column at 1024 px with large text.
            line = QWidget(self.documents_box)
            row = QVBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(2)
            text = QLabel(f"Nachweis fehlt: {label}", line)
            text.setWordWrap(True)
            row.addWidget(text)
            add = touch_button("Nachweis hinzufügen", line, f"Nachweis hinzufügen: {label}")
            add.clicked.connect(lambda _=False, d=document_id: self.choose_document(d))
            row.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
            if self.claims_screen.scanner.configured:
                scan = touch_button("", line, f"Scan aus dem Scanner-Ordner holen: {label}")
                scan.clicked.connect(lambda _=False, d=document_id: self.pick_up_scans(d))
                row.addWidget(scan, 0, Qt.AlignmentFlag.AlignLeft)
                self.scanner_buttons[document_id] = scan
            layout.addWidget(line)
            self.document_buttons[document_id] = add
        self.show_scans(self.claims_screen.scanner.count)

    def show_scans(self, count: int) -> None:
        """The scanner buttons say how many scans wait; with none they cannot be pressed."""
        for button in self.scanner_buttons.values():
            button.setText(scanner_button_text(count))
            button.setEnabled(count > 0)

    @staticmethod
    def _kind(mime: str) -> str:
        return {"application/pdf": "PDF", "image/jpeg": "JPEG",
                "image/png": "PNG"}.get(mime, mime)

    def choose_document(self, document_id: str) -> None:
        """The file dialog; the chosen file is checked and kept off the UI thread."""
        path, _filter = QFileDialog.getOpenFileName(
            self, "Nachweis wählen", "", "Nachweise (*.pdf *.jpg *.jpeg *.png)")
        if not path:
            return
        screen, claim_id = self.claims_screen, self.row.claim.id
        visit = screen.visit
        self.attach_problem.setVisible(False)
        for button in self.document_buttons.values():
            button.setEnabled(False)
        screen._window.run_in_background(
            lambda: visit.attach_file(claim_id, document_id, Path(path), LANG),
            lambda attached: self._attached([attached]), self._attach_failed, parent=self)

    def _attached(self, attached: Sequence[Attachment]) -> None:
        """Reload; a document that goes after its claim (a follow-up) says so."""
        screen = self.claims_screen
        notice = next((a.notice for a in attached if a.notice), "")
        if notice:
            screen.attach_notices[self.row.claim.id] = notice
        screen.reload()

    def pick_up_scans(self, document_id: str) -> None:
        """Every scan waiting in the scanner folder, attached for ``document_id`` off the
        UI thread; the ones refused stay in the folder and are named with their reason."""
        screen, claim_id = self.claims_screen, self.row.claim.id
        visit = screen.visit
        self.attach_problem.setVisible(False)
        for button in (*self.document_buttons.values(), *self.scanner_buttons.values()):
            button.setEnabled(False)
        screen._window.run_in_background(
            lambda: visit.pick_up_scans(claim_id, document_id), self._scans_picked_up,
            self._attach_failed, parent=self)

    def _scans_picked_up(self, pickup: Pickup) -> None:
        screen = self.claims_screen
        screen.scanner.refresh()
        if pickup.refused:  # the block is built anew by the reload: the screen keeps it
            screen.scan_refusals[self.row.claim.id] = "\n".join(
                f"{name}: {why}" for name, why in pickup.refused)
        self._attached(pickup.attached)

    def _attach_failed(self, exc: BaseException) -> None:
        log.warning("supporting document refused: %s", type(exc).__name__)
        for button in self.document_buttons.values():
            button.setEnabled(True)
        self.show_scans(self.claims_screen.scanner.count)
        self.attach_problem.setText(getattr(exc, "user_message", "")
                                    or "Der Nachweis konnte nicht gespeichert werden.")
        self.attach_problem.setVisible(True)

    def remove_attachment(self, attachment_id: str) -> None:
        try:
            self.claims_screen.visit.remove_attachment(attachment_id)
        except KioskError as exc:
            self._attach_failed(exc)
            return
        self.claims_screen.reload()

    def _fill_in_intake(self) -> None:
        """To the intake step of the first household field this claim still lacks."""
        if self._fill_step is not None:
            self.claims_screen.open_intake(self._fill_step)

    def widget_for(self, field_id: str) -> FieldWidget:
        for question, widget in self.widgets.values():
            if question.field.id == field_id:
                return widget
        raise KeyError(field_id)


def _scroll(parent: QWidget) -> QScrollArea:
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


def _replace(scroll: QScrollArea, body: QWidget) -> None:
    old = scroll.takeWidget()
    scroll.setWidget(body)
    if old is not None:
        old.deleteLater()


SCREENS = {"claims": ClaimsScreen}
