"""The claims of a case ("claims", ``case_id=…``): hints, chosen claims, what each lacks.

Left, the eligibility hints (likely / possible / not applicable, each with its reason in
plain words) with a button per benefit and person to add the claim — a hint, never a
decision: every benefit can be added. Right, the claims of the case: each with its own
extra questions (form fields whose source is an answer, drawn by the same field widgets
as the intake and saved at once), and the fields and documents still missing. The button
at the bottom hands the screen to the family (family mode; back only with a PIN).

Loading the forms and working out hints and gaps for every claim runs off the UI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.forms.catalog import FormCatalog, load_catalog
from kiosk.forms.completeness import Missing, missing
from kiosk.forms.definition import Form, text_in
from kiosk.forms.fieldtypes import check_value, coerce
from kiosk.forms.intake import field_path, person_options, step_items
from kiosk.forms.messages import field_message
from kiosk.forms.projection import subjects
from kiosk.forms.scope import Slot, SubjectError, Walker
from kiosk.model import person_by_id
from kiosk.store import STATE_LABELS_DE
from kiosk.store.states import DRAFT, WITHDRAWN
from ui.widgets.fields import FieldWidget, make_field
from ui.widgets.fields_buttons import ConfirmButton, touch_button

if TYPE_CHECKING:
    from kiosk.store.records import Case, Claim
    from ui.window import MainWindow

log = logging.getLogger(__name__)

LANG = "de"
LEVEL_LABELS = {
    "likely": "wahrscheinlich",
    "possible": "möglich",
    "not_applicable": "nicht zutreffend",
}


@cache
def default_catalog() -> FormCatalog:
    """Every usable form; a broken file is left out and named on screen (``problems``)
    instead of taking all the other benefits with it."""
    return load_catalog(strict=False)


def station_catalog(station: Any) -> FormCatalog:
    return getattr(station, "forms", None) or default_catalog()


@dataclass
class HintRow:
    """One benefit for one person (or the household) as the screen lists it."""

    benefit: str
    subject: str | None
    title: str
    who: str
    level: str | None
    reason: str
    claim_id: str | None = None
    addable: bool = True


@dataclass
class ClaimView:
    claim: Claim
    form: Form | None
    who: str
    gaps: list[Missing] = field(default_factory=list)


@dataclass
class Overview:
    case: Case
    hints: list[HintRow]
    claims: list[ClaimView]
    catalog: FormCatalog


def subject_name(form: Form | None, household: dict[str, Any], subject: str | None) -> str:
    """Who a claim is for, in words: "Haushalt", a child's name, or name and kind."""
    if not subject:
        return "Haushalt"
    child_id, _, kind_id = subject.partition(":")
    person = person_by_id(household, child_id)
    name = (person.name if person else "") or child_id
    if kind_id and form is not None:
        try:
            return f"{name} – {text_in(form.kind(kind_id).label, LANG)}"
        except KeyError:
            pass
    return name


def _eligibility(catalog: FormCatalog, household: dict[str, Any]) -> dict[tuple[str, Any], Any]:
    try:
        from kiosk.eligibility import hints

        found = hints(catalog, household)
    except (ImportError, KioskError) as exc:  # hints help; every claim can still be added
        log.warning("eligibility hints not available: %s", type(exc).__name__)
        return {}
    return {(h.benefit, h.subject): h for h in found}


def _reason(hint: Any) -> str:
    texts = getattr(hint, "reason", None)
    return text_in(texts, LANG) if isinstance(texts, dict) else str(texts or "")


def build_overview(station: Any, case_id: str) -> Overview:
    """Everything the screen shows, read and worked out in one go (off the UI thread)."""
    from ui.screens.intake import intake_description

    intake_description()  # parsed here, off the UI thread; the gap buttons need it
    store = station.store
    case = store.cases.get_case(case_id)
    household = case.household
    catalog = station_catalog(station)
    claims = [c for c in store.claims.list_claims(case_id) if c.state != WITHDRAWN]
    by_key = {(c.benefit, c.subject): c for c in claims}
    found = _eligibility(catalog, household)
    rows: list[HintRow] = []
    for form in catalog.all_forms():
        candidates = subjects(form, household)
        for subject in candidates:
            # Per-child hints name the child; a BuT subject is "<child>:<kind>".
            hint = (found.get((form.id, subject))
                    or found.get((form.id, subject.partition(":")[0] if subject else None))
                    or found.get((form.id, None)))
            claim = by_key.get((form.id, subject))
            rows.append(HintRow(form.id, subject, text_in(form.title, LANG),
                                subject_name(form, household, subject),
                                getattr(hint, "level", None), _reason(hint),
                                claim.id if claim else None))
        if not candidates:
            hint = next((h for (b, _s), h in found.items() if b == form.id), None)
            rows.append(HintRow(form.id, None, text_in(form.title, LANG),
                                "kein Kind, für das dieser Antrag passt",
                                getattr(hint, "level", None) or "not_applicable",
                                _reason(hint), addable=False))
    order = {"likely": 0, "possible": 1, None: 2, "not_applicable": 3}
    rows.sort(key=lambda r: order.get(r.level, 2))
    views = []
    for claim in claims:
        try:
            form = catalog.form(claim.benefit, claim.form_version)
        except Exception:  # noqa: BLE001 - shown as "form not available", not a crash
            log.warning("form %s/%s not available", claim.benefit, claim.form_version)
            form = None  # type: ignore[assignment]
        view = ClaimView(claim, form, subject_name(form, household, claim.subject))
        if form is not None:
            try:
                view.gaps = missing(form, household, claim.answers, claim.subject, LANG)
            except SubjectError:  # the child was removed from the household since
                view.gaps = [Missing("field", "subject", "Person nicht mehr im Haushalt")]
        views.append(view)
    return Overview(case, rows, views, catalog)


def intake_step_of(household: dict[str, Any], path: str) -> str | None:
    """The intake step whose field writes the household ``path`` (``None`` if none does)."""
    from ui.screens.intake import intake_description

    for step in intake_description().steps:
        items: list[Any] = list(step_items(step, household)) if step.repeat_over else [None]
        for item in items:
            for fld in step.fields:
                if fld.type != "list" and field_path(fld, item) == path:
                    return step.id
    return None


def missing_text(gaps: list[Missing]) -> str:
    fields = [g.label + (f" ({field_message(g.problem, LANG)})" if g.problem else "")
              for g in gaps if g.kind == "field"]
    documents = [g.label for g in gaps if g.kind == "document"]
    parts = []
    parts.append("Fehlende Angaben: " + ("; ".join(fields) if fields else "keine"))
    parts.append("Nachweise: " + ("; ".join(documents) if documents else "keine"))
    return "\n".join(parts)


class ClaimsScreen(QWidget):
    title = "Anträge"

    def __init__(self, window: MainWindow, case_id: str) -> None:
        super().__init__()
        self.setObjectName("claims")
        self._window = window
        self._station = window.session.station
        self._store = self._station.store
        self.case_id = case_id
        self.ready = False
        #: A withdrawn case: claims are shown, nothing can be added, answered or signed.
        self.read_only = False
        self.overview: Overview | None = None
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
        layout.addLayout(nav)
        self.reload()

    # --- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        self.ready = False
        station, case_id = self._station, self.case_id
        self._window.run_in_background(lambda: build_overview(station, case_id),
                                       self._loaded, self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        log.error("claims could not be loaded: %s", type(exc).__name__)
        self.heading.setText("Die Anträge können nicht angezeigt werden.")
        self.status.setText(getattr(exc, "user_message", "") or
                            "Bitte die IT-Betreuung verständigen.")
        self.status.setVisible(True)

    def _loaded(self, overview: Overview) -> None:
        self.overview = overview
        applicant = overview.case.household.get("applicant") or {}
        family = applicant.get("family_name") if isinstance(applicant, dict) else None
        self.heading.setText(f"Anträge – Familie {family}" if family else "Anträge")
        broken = [p.file for p in overview.catalog.problems]
        self.status.setText("Nicht verfügbar (Formulardatei fehlerhaft, bitte IT "
                            "verständigen): " + ", ".join(broken) if broken else "")
        self.read_only = overview.case.state == WITHDRAWN
        notes = []
        if self.read_only:
            notes.append("Dieser Fall wurde zurückgezogen. Anträge können nicht mehr "
                         "hinzugefügt, geändert oder unterschrieben werden.")
        if broken:
            notes.append(self.status.text())
        self.status.setText("\n".join(notes))
        self.status.setVisible(bool(notes))
        self._fill_hints(overview)
        self._fill_claims(overview)
        drafts = [v for v in overview.claims if v.claim.state == DRAFT]
        self.family_button.setEnabled(bool(overview.claims) and not self.read_only)
        self.family_button.setToolTip("" if drafts else "Keine offenen Anträge zum Unterschreiben.")
        self.accept_button.setEnabled(not self.read_only and any(
            r.level == "likely" and r.claim_id is None for r in overview.hints))
        self.ready = True

    def _fill_hints(self, overview: Overview) -> None:
        body = QWidget()
        body.setObjectName("hintsBody")
        column = QVBoxLayout(body)
        self.hint_rows = []
        for row in overview.hints:
            frame = QFrame(body)
            frame.setObjectName("hintRow")
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            level = LEVEL_LABELS.get(row.level or "", "ohne Hinweis")
            title = QLabel(f"{row.title} – {row.who}", frame)
            title.setWordWrap(True)
            hint = QLabel(f"Einschätzung: {level}" + (f". {row.reason}" if row.reason else ""),
                          frame)
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            box.addWidget(title)
            box.addWidget(hint)
            if row.claim_id is None and row.addable and not self.read_only:
                add = touch_button("Antrag hinzufügen", frame,
                                   f"{row.title} für {row.who} hinzufügen")
                add.clicked.connect(lambda _=False, r=row: self.add_claim(r.benefit, r.subject))
                box.addWidget(add)
            elif row.claim_id is not None:
                box.addWidget(QLabel("Antrag ist gewählt.", frame))
            column.addWidget(frame)
            self.hint_rows.append((row, frame))
        column.addStretch(1)
        _replace(self.hints_scroll, body)

    def _fill_claims(self, overview: Overview) -> None:
        body = QWidget()
        body.setObjectName("claimsBody")
        column = QVBoxLayout(body)
        self.claim_blocks = {}
        household = overview.case.household
        persons = person_options(household)
        if not overview.claims:
            empty = QLabel("Noch kein Antrag gewählt.", body)
            empty.setObjectName("hint")
            column.addWidget(empty)
        for view in overview.claims:
            block = ClaimBlock(self, view, household, persons, body)
            column.addWidget(block)
            self.claim_blocks[view.claim.id] = block
        column.addStretch(1)
        _replace(self.claims_scroll, body)

    # --- actions -------------------------------------------------------------------------
    def add_claim(self, benefit: str, subject: str | None, reload: bool = True) -> str:
        assert self.overview is not None
        if self.read_only:
            raise PermissionError("the case is withdrawn")
        form = self.overview.catalog.form(benefit)
        claim_id = self._store.claims.add_claim(self.case_id, benefit, form.version, subject,
                                                self._window.session.actor)
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
        return added

    def open_intake(self, step: str | None = None) -> None:
        self._window.show_screen("intake", case_id=self.case_id, step=step)

    def remove_claim(self, claim_id: str) -> None:
        self._store.claims.remove_claim(claim_id, self._window.session.actor)
        self.reload()

    def hand_to_family(self) -> None:
        assert self.overview is not None
        if self.read_only:
            return
        lang = self.overview.case.household.get("language") or "de"
        self._window.show_screen("family", case_id=self.case_id, lang=lang,
                                 return_to=("claims", {"case_id": self.case_id}))

    def answer_changed(self, block: ClaimBlock, slot: Slot, widget: FieldWidget,
                       raw: Any) -> None:
        """Check the typed answer, store it (typed text is kept when not acceptable: the
        projection leaves it out and the gap list names it), refresh gaps and conditions."""
        fld = slot.field
        problem = check_value(fld.type, fld.validation, fld.option_values(), raw)
        widget.show_problem(field_message(problem, LANG) if problem else None)
        value = raw if problem else coerce(fld.type, fld.validation, fld.option_values(), raw)
        answers = dict(block.answers)
        if slot.item_id is None:
            answers[fld.id] = value
        else:
            per_item = dict(answers.get(fld.id) or {})
            per_item[slot.item_id] = value
            answers[fld.id] = per_item
        try:
            self._store.claims.save_answers(block.view.claim.id, answers,
                                            self._window.session.actor)
        except Exception as exc:  # noqa: BLE001 - say so; the input stays on screen
            log.error("answers could not be saved: %s", type(exc).__name__)
            widget.show_problem(getattr(exc, "user_message", "") or "Speichern fehlgeschlagen.")
            return
        block.answers = answers
        block.refresh()


class ClaimBlock(QFrame):
    """One claim: title, state, its own questions, and what it still lacks."""

    def __init__(self, screen: ClaimsScreen, view: ClaimView, household: dict[str, Any],
                 persons: list[tuple[str, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("claimBlock")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.claims_screen = screen
        self.view = view
        self.household = household
        self.answers: dict[str, Any] = dict(view.claim.answers)
        self.widgets: dict[str, tuple[Slot, FieldWidget]] = {}
        claim = view.claim
        column = QVBoxLayout(self)
        title = text_in(view.form.title, LANG) if view.form else claim.benefit
        self.title = QLabel(f"{title} – {view.who}", self)
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        self.state = QLabel(f"Status: {STATE_LABELS_DE.get(claim.state, claim.state)}", self)
        column.addWidget(self.title)
        column.addWidget(self.state)
        if view.form is None:
            column.addWidget(QLabel("Das Formular dieses Antrags ist nicht verfügbar.", self))
            return
        editable = claim.state == DRAFT and not screen.read_only
        # What the claim still lacks comes first (seen without scrolling), then its questions.
        self.gaps = QLabel("", self)
        self.gaps.setObjectName("gaps")
        self.fill_button = touch_button("Fehlende Angaben in der Erfassung ergänzen", self)
        self.fill_button.clicked.connect(self._fill_in_intake)
        self._fill_step: str | None = None
        self.gaps.setWordWrap(True)
        self.gaps.setAccessibleName("Was noch fehlt")
        column.addWidget(self.gaps)
        column.addWidget(self.fill_button)
        for slot in self._answer_slots():
            widget = make_field(slot.field, LANG, self, persons)
            if slot.item_name:
                widget.label.setText(f"{widget.label.text()} ({slot.item_name})")
                widget.setAccessibleName(f"{widget.label_text} ({slot.item_name})")
            raw = self._raw(slot)
            widget.set_value(raw)
            problem = check_value(slot.field.type, slot.field.validation,
                                  slot.field.option_values(), raw)
            widget.show_problem(field_message(problem, LANG) if problem else None)
            widget.setEnabled(editable)
            widget.changed.connect(
                lambda value, s=slot, w=widget: screen.answer_changed(self, s, w, value))
            column.addWidget(widget)
            self.widgets[slot.key] = (slot, widget)
        if editable:
            remove = ConfirmButton("Antrag entfernen", "Wirklich entfernen? Nochmals tippen.",
                                   self, f"{self.title.text()} entfernen")
            remove.confirmed.connect(lambda: screen.remove_claim(claim.id))
            column.addWidget(remove)
        self._show_gaps(view.gaps)
        self._apply_visibility()

    def _answer_slots(self) -> list[Slot]:
        assert self.view.form is not None
        walker = Walker(self.view.form, self.household, self.answers, self.view.claim.subject)
        return [s for s in walker.slots() if s.field.is_answer]

    def _raw(self, slot: Slot) -> Any:
        value = self.answers.get(slot.field.id)
        if slot.item_id is not None:
            return value.get(slot.item_id) if isinstance(value, dict) else None
        return value

    def _apply_visibility(self) -> None:
        shown = {s.key for s in self._answer_slots() if s.visible}
        for key, (_slot, widget) in self.widgets.items():
            widget.setVisible(key in shown)

    def _show_gaps(self, gaps: list[Missing]) -> None:
        self.missing = gaps
        self.gaps.setText(missing_text(gaps))
        first = next((g.path for g in gaps if g.kind == "field" and g.path), None)
        self._fill_step = intake_step_of(self.household, first) if first else None
        self.fill_button.setVisible(self._fill_step is not None
                                    and not self.claims_screen.read_only)

    def _fill_in_intake(self) -> None:
        """To the intake step of the first household field this claim still lacks."""
        if self._fill_step is not None:
            self.claims_screen.open_intake(self._fill_step)

    def refresh(self) -> None:
        """After an answer changed: conditions and gaps anew (cheap for one claim)."""
        assert self.view.form is not None
        claim = self.view.claim
        self._show_gaps(missing(self.view.form, self.household, self.answers, claim.subject,
                                LANG))
        self._apply_visibility()

    def widget_for(self, field_id: str) -> FieldWidget:
        for slot, widget in self.widgets.values():
            if slot.field.id == field_id:
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
