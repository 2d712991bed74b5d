"""The household intake ("intake", ``case_id=…``): screens drawn from the intake description.

No class per topic: every step of ``resources/forms/household/<version>.yaml`` becomes one
screen of field widgets (``ui.widgets.fields``), with the step list at the side. Repeated
steps (children, other parent, further persons, incomes) show one block per item, with add
and remove where the step allows it.

The screen only shows: every edit goes to the visit's intake operations
(``window.session.visit.intake``), which check, coerce and save it at once (no Save
button) and say what changed — the message beside the field, which fields a ``show_if``
now shows, how many required fields each step still lacks, and whether the save went
through. Input that is not (yet) acceptable stays on screen with its message; the core
keeps it as the case's pending input, so no keystroke is lost. The current step is the
case's resume point, so reopening the case lands where the counsellor left. An edit that
changes what a signed claim would send names that claim below the fields, with the way to
its correction; the other parent of a child can be taken over from a sibling ("wie bei").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import InvalidInput, KioskError
from kiosk.forms.definition import text_in
from kiosk.forms.intake import (
    Intake,
    IntakeField,
    IntakeStep,
    field_path,
    person_options,
    read_field,
)
from kiosk.forms.scope import Item
from kiosk.model.paths import get_path
from kiosk.store.states import WITHDRAWN
from kiosk.visit.intake import FieldChange, step_blocks
from ui.widgets.fields import FieldWidget, ListField, make_field
from ui.widgets.fields_buttons import ConfirmButton, touch_button
from ui.widgets.reserve import keep_place_when_hidden
from ui.widgets.wrap_delegate import wrap_rows

if TYPE_CHECKING:
    from kiosk.visit.intake import IntakeSession
    from ui.window import MainWindow

log = logging.getLogger(__name__)

LANG = "de"  # counsellor screens are German
WITHDRAWN_NOTE = ("Dieser Fall wurde zurückgezogen. Die Angaben können nur noch gelesen, "
                  "nicht mehr geändert werden.")
SAVE_FAILED = ("Speichern fehlgeschlagen – die Eingaben bleiben auf dem Bildschirm und "
               "werden mit der nächsten Eingabe erneut gespeichert.")
RESIGN_NOTE = "Diese Änderung braucht eine neue Unterschrift für: {titles}."
RESIGN_BUTTON = "Zu den Anträgen: korrigieren und neu unterschreiben"
COPY_LABEL = "Angaben übernehmen:"


@dataclass
class Binding:
    """A widget on screen and the household place it edits."""

    field: IntakeField
    item: Item | None
    widget: FieldWidget

    @property
    def path(self) -> str:
        return field_path(self.field, self.item)

    @property
    def item_path(self) -> str | None:
        return self.item.path if self.item is not None else None


@dataclass(frozen=True)
class _Loaded:
    intake: Intake
    read_only: bool
    resume_at: str | None


class IntakeScreen(QWidget):
    title = "Haushalt erfassen"

    def __init__(self, window: MainWindow, case_id: str, step: str | None = None) -> None:
        super().__init__()
        self.setObjectName("intake")
        self._window = window
        self.case_id = case_id
        self._wanted_step = step
        self.ready = False
        self.intake: Intake | None = None
        self.bindings: list[Binding] = []
        self.step_id: str | None = None
        #: A withdrawn case is shown read-only: fields disabled; the core refuses edits.
        self.read_only = False
        #: The store refused a save; the core keeps the input and saves it again.
        self._unsaved = False
        #: The resume point could not be written; written again with the next save.
        self._resume_unsaved = False
        self._item_counts: dict[str, int] = {}
        self._session: IntakeSession = window.session.visit.intake
        window.session.case_id = case_id

        self.steps = QListWidget(self)
        self.steps.setAccessibleName("Schritte der Erfassung")
        self.steps.setMinimumWidth(240)
        self.steps.setMaximumWidth(340)
        wrap_rows(self.steps)  # long step titles wrap instead of being cut off
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.currentRowChanged.connect(self._step_row_changed)

        self.heading = QLabel("Wird geladen …", self)
        self.heading.setObjectName("heading")
        self.help = QLabel("", self)
        self.help.setObjectName("hint")
        self.help.setWordWrap(True)
        self.notice = QLabel("", self)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.notice.setAccessibleName("Hinweis zum Fall")
        self.status = QLabel("", self)
        self.status.setObjectName("problem")
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        self.status.setAccessibleName("Speicherstatus")
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.body: QWidget | None = None
        # Signed claims this household no longer matches: said below the fields (so the
        # field being typed in does not move), with the way to the correction.
        self.resign = QFrame(self)
        self.resign.setObjectName("resignNotice")
        self.resign.setAccessibleName("Neue Unterschrift nötig")
        resign_row = QHBoxLayout(self.resign)
        resign_row.setContentsMargins(0, 0, 0, 0)
        self.resign_label = QLabel("", self.resign)
        self.resign_label.setObjectName("problem")
        self.resign_label.setWordWrap(True)
        self.resign_button = touch_button(RESIGN_BUTTON, self.resign)
        self.resign_button.clicked.connect(self.open_claims)
        resign_row.addWidget(self.resign_label, 1)
        resign_row.addWidget(self.resign_button)
        self.resign.setVisible(False)
        #: Titles of the signed claims that need a new signature (as the core said last).
        self.needs_new_signature: tuple[str, ...] = ()

        self.back_button = touch_button("Zurück", self, "Vorheriger Schritt")
        self.next_button = touch_button("Weiter", self, "Nächster Schritt", primary=True)
        self.cases_button = touch_button("Zur Fallübersicht", self)
        self.back_button.clicked.connect(lambda: self._move(-1))
        self.next_button.clicked.connect(self._next)
        self.cases_button.clicked.connect(window.show_home)
        for b in (self.back_button, self.next_button):
            b.setEnabled(False)

        nav = QHBoxLayout()
        nav.addWidget(self.cases_button)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.notice)
        right.addWidget(self.help)
        right.addWidget(self.status)
        right.addWidget(self.scroll_area, 1)
        right.addWidget(self.resign)
        right.addLayout(nav)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.steps)
        layout.addLayout(right, 1)

        visit, session = window.session.visit, self._session

        def load() -> _Loaded:
            case = visit.case(case_id)
            session.household(case_id)  # the working copy, read here off the UI thread
            return _Loaded(session.intake, case.state == WITHDRAWN, case.resume_at)

        # Bound to this screen (parent=self): while it is being built the window's current
        # screen is still the previous one, whose answers are dropped with it.
        window.run_in_background(load, self._loaded, self._load_failed, parent=self)

    # --- loading -------------------------------------------------------------------------
    def _loaded(self, loaded: _Loaded) -> None:
        self.intake = loaded.intake
        self.read_only = loaded.read_only
        if self.read_only:
            self.notice.setText(WITHDRAWN_NOTE)
            self.notice.setVisible(True)
        self.ready = True
        ids = [s.id for s in self.visible_steps()]
        wanted = self._wanted_step or loaded.resume_at
        self.show_step(wanted if wanted in ids else ids[0])

    def _load_failed(self, exc: BaseException) -> None:
        log.error("intake could not be loaded: %s", type(exc).__name__)
        self.heading.setText("Der Fall kann nicht geöffnet werden.")
        message = getattr(exc, "user_message", "") or "Bitte die IT-Betreuung verständigen."
        self._show_status(message)

    # --- steps ---------------------------------------------------------------------------
    def visible_steps(self) -> list[IntakeStep]:
        return self._session.visible_steps(self.case_id)

    def _fill_step_list(self, household: dict[str, Any]) -> None:
        """The steps at the side, each with its number of items and of open required
        fields (so a gap is seen before the claims ask for it)."""
        steps = self.visible_steps()
        self._item_counts = {s.id: len(step_blocks(s, household)) for s in steps
                             if s.repeat_over is not None}
        self.steps.blockSignals(True)
        self.steps.clear()
        for step in steps:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, step.id)
            self.steps.addItem(item)
        self.steps.blockSignals(False)
        self._label_steps(self._session.open_by_step(self.case_id))
        self._select_in_list()

    def _label_steps(self, open_by_step: dict[str, int]) -> None:
        """Each step's title with its item count and "N offen" as the core counts them."""
        assert self.intake is not None
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            step_id = item.data(Qt.ItemDataRole.UserRole)
            text = text_in(self.intake.step(step_id).title, LANG)
            if step_id in self._item_counts:
                text += f" ({self._item_counts[step_id]})"
            if open_by_step.get(step_id):
                text += f" – {open_by_step[step_id]} offen"
            if item.text() != text:
                item.setText(text)

    def _listed_step_ids(self) -> list[str]:
        return [self.steps.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.steps.count())]

    def _select_in_list(self) -> None:
        self.steps.blockSignals(True)
        for row in range(self.steps.count()):
            if self.steps.item(row).data(Qt.ItemDataRole.UserRole) == self.step_id:
                self.steps.setCurrentRow(row)
                self.steps.scrollToItem(self.steps.item(row))
        self.steps.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.StyleChange:
            # Large text makes step titles wrap: lay the list out anew so the highlight
            # sits on the step shown, not on where it was before.
            self.steps.doItemsLayout()
            current = self.steps.currentItem()
            if current is not None:
                self.steps.scrollToItem(current)
        super().changeEvent(event)

    def _step_row_changed(self, row: int) -> None:
        if row >= 0:
            self.show_step(self.steps.item(row).data(Qt.ItemDataRole.UserRole))

    def _move(self, delta: int) -> None:
        ids = self._listed_step_ids()
        if self.step_id not in ids:
            return
        index = ids.index(self.step_id) + delta
        if 0 <= index < len(ids):
            self.show_step(ids[index])

    def _next(self) -> None:
        ids = self._listed_step_ids()
        if ids and self.step_id == ids[-1]:
            if self._window.has_screen("claims"):
                self._window.show_screen("claims", case_id=self.case_id)
            return
        self._move(1)

    def show_step(self, step_id: str) -> None:
        """Show one step and remember it as the case's resume point."""
        assert self.intake is not None
        step = self.intake.step(step_id)
        self.step_id = step_id
        self.heading.setText(text_in(step.title, LANG))
        self.help.setText(text_in(step.help, LANG) if step.help else "")
        self.help.setVisible(bool(step.help))
        household = self._session.household(self.case_id)
        self._build_body(step, household)
        self._fill_step_list(household)
        ids = self._listed_step_ids()
        self.back_button.setEnabled(bool(ids) and step_id != ids[0])
        self.next_button.setEnabled(True)
        last = bool(ids) and step_id == ids[-1]
        self.next_button.setText("Weiter zu den Anträgen" if last else "Weiter")
        self._save_resume_point()
        self._refresh_resign()
        first = next((b.widget for b in self.bindings if b.widget.isVisibleTo(self)), None)
        if first is not None:
            first.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    # --- building one step ---------------------------------------------------------------
    def _build_body(self, step: IntakeStep, household: dict[str, Any]) -> None:
        self.bindings = []
        pending = self._session.pending(self.case_id)
        body = QWidget()
        body.setObjectName("stepBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 16, 0)
        persons = person_options(household)
        blocks = step_blocks(step, household)
        if step.optional_object is not None and get_path(household,
                                                          step.optional_object) is None:
            add = touch_button(text_in(step.add_label, LANG) or "Hinzufügen", body, primary=True)
            add.clicked.connect(lambda: self._add_object(step))
            column.addWidget(add)
        elif step.repeat_over is not None:
            addable = step.add_label is not None and step.repeat_over.startswith("$.")
            if not blocks:
                none = QLabel("Noch keine Einträge." if addable
                              else "Für diesen Schritt gibt es nichts auszufüllen.", body)
                none.setObjectName("hint")
                column.addWidget(none)
            for number, item in enumerate(blocks, start=1):
                assert item is not None
                column.addWidget(self._item_block(step, item, number, addable, persons,
                                                  household, pending, body, blocks))
            if addable:
                add = touch_button(text_in(step.add_label, LANG), body, primary=True)
                add.clicked.connect(lambda: self._add_item(step))
                column.addWidget(add)
        else:
            for fld in step.fields:
                column.addWidget(self._bind(fld, None, persons, household, pending, body))
            if step.optional_object is not None:
                remove = ConfirmButton(f"{text_in(step.title, LANG)} entfernen",
                                       "Wirklich entfernen? Nochmals tippen.", body)
                remove.confirmed.connect(lambda: self._remove_object(step))
                column.addWidget(remove)
        column.addStretch(1)
        if self.read_only:
            body.setEnabled(False)  # every field, add and remove button of the step
        old = self.scroll_area.takeWidget()
        self.scroll_area.setWidget(body)
        self.body = body
        if old is not None:
            old.deleteLater()
        self._apply_visibility(self._session.visibility(self.case_id, step.id))
        self._set_tab_order(body)

    def _set_tab_order(self, body: QWidget) -> None:
        """Step list, then the fields top to bottom, then the buttons below them (the
        body is built after the buttons, so Qt's default order would put it last).

        ``QWidget.setTabOrder`` needs both widgets in one window. A drop-down's popup is
        its own window (a ``Qt.Popup`` child of the combo box, with a focusable list
        inside) and ``findChildren`` finds it too, so the chain takes only what
        ``body.isAncestorOf`` accepts: Qt stops that walk at a window boundary. The chain
        is built from this screen's own widgets, so it holds wherever the screen is (in
        the main window, or not yet placed in it)."""
        if body is not self.body or not self.isAncestorOf(body):
            return  # a body that was replaced meanwhile
        fields = [w for w in body.findChildren(QWidget)
                  if w.focusPolicy() & Qt.FocusPolicy.TabFocus and body.isAncestorOf(w)]
        chain = [self.steps, *fields, self.cases_button, self.back_button, self.next_button]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _item_block(self, step: IntakeStep, item: Item, number: int, addable: bool,
                    persons: list[tuple[str, str]], household: dict[str, Any],
                    pending: dict[str, Any], parent: QWidget,
                    blocks: list[Item | None]) -> QWidget:
        block = QFrame(parent)
        block.setObjectName("itemBlock")
        block.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(block)
        title = QLabel(self._item_title(step, item, number), block)
        title.setObjectName("subheading")
        title.setWordWrap(True)  # a long double name on a narrow screen: two lines
        column.addWidget(title)
        if step.copy_object is not None and len(blocks) > 1 and not self.read_only:
            column.addLayout(self._copy_row(step, item, number, blocks, block))
        for fld in step.fields:
            column.addWidget(self._bind(fld, item, persons, household, pending, block))
        if addable:
            remove = ConfirmButton(f"{title.text()} entfernen",
                                   "Wirklich entfernen? Nochmals tippen.", block)
            remove.confirmed.connect(lambda: self._remove_item(step, item))
            column.addWidget(remove)
        return block

    def _copy_row(self, step: IntakeStep, item: Item, number: int,
                  blocks: list[Item | None], block: QWidget) -> QHBoxLayout:
        """ "wie bei <Kind>": one button per other item of the step, copying its part
        (the other parent) into this item."""
        row = QHBoxLayout()
        label = QLabel(COPY_LABEL, block)
        row.addWidget(label)
        this = self._item_title(step, item, number)
        for other_number, other in enumerate(blocks, start=1):
            if other is None or other.path == item.path:
                continue
            name = self._item_title(step, other, other_number)
            button = touch_button(f"wie bei {name}", block,
                                  f"{text_in(step.title, LANG)} für {this} wie bei {name}")
            button.clicked.connect(
                lambda _=False, src=other.path: self.copy_from(step, src, item.path))
            row.addWidget(button)
        row.addStretch(1)
        return row

    def copy_from(self, step: IntakeStep, source: str, target: str) -> None:
        """Take over the part of another item (the other parent "wie bei <Kind>")."""
        self._structural(step, "copying from another item",
                         lambda: self._session.copy_from_item(self.case_id, step.id,
                                                              source, target))

    @staticmethod
    def _item_title(step: IntakeStep, item: Item, number: int) -> str:
        if item.name:
            return item.name
        noun = {"$.children": "Kind", "$.other_members": "Person"}.get(
            step.repeat_over or "", "Person")
        return f"{noun} {number}"

    def _bind(self, fld: IntakeField, item: Item | None, persons: list[tuple[str, str]],
              household: dict[str, Any], pending: dict[str, Any],
              parent: QWidget) -> FieldWidget:
        widget = make_field(fld, LANG, parent, persons)
        if fld.show_if is not None:
            keep_place_when_hidden(widget)  # appearing later, it moves nothing below it
        binding = Binding(fld, item, widget)
        widget.set_value(read_field(household, fld, item))
        self._restore_pending(binding, pending)
        widget.changed.connect(lambda raw, b=binding: self.field_changed(b, raw))
        self.bindings.append(binding)
        return widget

    def _restore_pending(self, binding: Binding, pending: dict[str, Any]) -> None:
        """Input kept from before (not yet acceptable) is shown again with its message."""
        widget = binding.widget
        if isinstance(widget, ListField):
            subs = {sub.path: sub for sub in binding.field.item_fields}
            for row_index, row in enumerate(widget.rows):
                for sub_key, sub in row.items():
                    key = f"{binding.path}[{row_index}].{sub_key}"
                    if key in pending:
                        sub.set_raw(pending[key])
                        sub.show_problem(self._session.field_problem(subs[sub_key],
                                                                     pending[key]))
            return
        if binding.path in pending:
            raw = pending[binding.path]
            widget.set_raw(raw)
            widget.show_problem(self._session.field_problem(binding.field, raw))

    # --- editing -------------------------------------------------------------------------
    def field_changed(self, binding: Binding, raw: Any) -> None:
        """One edit: the core checks and saves it; the screen shows what it says."""
        assert self.step_id is not None
        try:
            change = self._session.set_field(self.case_id, self.step_id, binding.field.id,
                                             raw, binding.item_path)
        except KioskError as exc:  # a withdrawn case, an item removed meanwhile
            log.warning("an intake edit was refused: %s", type(exc).__name__)
            self._show_status(exc.user_message)
            return
        self._show_change(binding, change)

    def _show_change(self, binding: Binding, change: FieldChange) -> None:
        widget = binding.widget
        if isinstance(widget, ListField):
            for index, row in enumerate(widget.rows):
                for key, sub in row.items():
                    sub.show_problem(change.list_problems.get((index, key)))
        else:
            widget.show_problem(change.problem)
        self._apply_visibility(change.visible)
        self._show_resign(change.needs_new_signature)
        if list(change.open_by_step) != self._listed_step_ids():
            self._fill_step_list(self._session.household(self.case_id))  # a step came or went
        else:
            self._label_steps(change.open_by_step)
        self._saved(change.saved)

    def _apply_visibility(self, visible: dict[str | None, frozenset[str]]) -> None:
        for binding in self.bindings:
            shown = visible.get(binding.item_path)
            if shown is None:
                continue  # a block the core no longer lists (it goes with the next rebuild)
            on = binding.field.id in shown
            if binding.widget.isVisibleTo(self) != on:
                binding.widget.setVisible(on)

    # --- adding and removing items -------------------------------------------------------
    def _structural(self, step: IntakeStep, what: str, change: Any) -> Any:
        """Add or remove through the core and show the step again. A failed save keeps
        the change in the core's working copy (saved with the next edit) and says so."""
        try:
            result = change()
        except InvalidInput as exc:  # refused (a withdrawn case …): nothing changed
            log.warning("%s was refused: %s", what, type(exc).__name__)
            self.show_step(step.id)
            self._show_status(exc.user_message)
            return None
        except KioskError as exc:  # changed, not saved: the core saves it with the next edit
            log.error("%s was not saved: %s", what, type(exc).__name__)
            result = None
            self._saved(False)
        self.show_step(step.id)
        return result

    def _add_item(self, step: IntakeStep) -> None:
        new = self._structural(step, "adding an item",
                               lambda: self._session.add_item(self.case_id, step.id))
        first = next((b for b in self.bindings if new is not None and b.item_path == new), None)
        if first is not None:
            first.widget.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)
            widget = first.widget
            self._scroll_to_block(widget)
            # Once more after the new body's layout has settled (sizes known only then).
            QTimer.singleShot(0, widget, lambda: self._scroll_to_block(widget))

    def _scroll_to_block(self, widget: QWidget) -> None:
        """Show the new item's block (its title and first fields), not the top of the step."""
        block = widget.parentWidget()
        target = block if isinstance(block, QFrame) else widget
        area = self.scroll_area
        body = area.widget()
        layout = body.layout() if body is not None else None
        if layout is not None:
            layout.activate()  # the new block's place is known before scrolling
        area.ensureWidgetVisible(target, 0, 0)
        area.ensureWidgetVisible(widget, 0, 16)

    def _remove_item(self, step: IntakeStep, item: Item) -> None:
        self._structural(step, "removing an item",
                         lambda: self._session.remove_item(self.case_id, step.id, item.path))

    def _add_object(self, step: IntakeStep) -> None:
        self._structural(step, "adding a part",
                         lambda: self._session.add_object(self.case_id, step.id))

    def _remove_object(self, step: IntakeStep) -> None:
        self._structural(step, "removing a part",
                         lambda: self._session.remove_object(self.case_id, step.id))

    # --- signed claims this household changes -------------------------------------------
    def _show_resign(self, titles: tuple[str, ...]) -> None:
        """Name the signed claims the household no longer matches, with the way to the
        correction (the claims screen); hidden when there are none."""
        if titles == self.needs_new_signature and self.resign.isVisibleTo(self) == bool(titles):
            return
        self.needs_new_signature = titles
        self.resign_label.setText(RESIGN_NOTE.format(titles="; ".join(titles)))
        self.resign.setVisible(bool(titles))

    def _refresh_resign(self) -> None:
        try:
            titles = self._session.needs_new_signature(self.case_id)
        except KioskError as exc:  # said again with the next edit
            log.warning("signed claims could not be checked: %s", type(exc).__name__)
            return
        self._show_resign(titles)

    def open_claims(self) -> None:
        self._window.show_screen("claims", case_id=self.case_id)

    # --- saving --------------------------------------------------------------------------
    def _saved(self, ok: bool) -> None:
        """Show whether the core's last save went through; a save that went through also
        writes a resume point that failed before."""
        self._unsaved = not ok
        if ok and self._resume_unsaved:
            self._save_resume_point()
        self._show_status("" if ok and not self._resume_unsaved else SAVE_FAILED)

    def _save_resume_point(self) -> None:
        if self.read_only or self.step_id is None:
            return
        try:
            self._session.set_resume_point(self.case_id, self.step_id)
        except KioskError as exc:
            log.error("saving the resume point failed: %s", type(exc).__name__)
            self._resume_unsaved = True
            self._show_status(SAVE_FAILED)
            return
        self._resume_unsaved = False
        if not self._unsaved:
            self._show_status("")

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def save_now(self) -> None:
        """Called by the window before leaving or locking: only a failed save is redone."""
        if not self.ready or self.read_only:
            return
        if self._unsaved:
            self._saved(self._session.flush(self.case_id) is None)
        elif self._resume_unsaved:
            self._save_resume_point()

    # --- for tests and the window ----------------------------------------------------------
    def widget_for(self, field_id: str, item_index: int = 0) -> FieldWidget:
        """The widget of ``field_id`` (in the ``item_index``-th block of a repeated step)."""
        seen: dict[str | None, int] = {}
        for binding in self.bindings:
            if binding.field.id != field_id:
                continue
            n = seen.setdefault(binding.item_path, len(seen))
            if n == item_index:
                return binding.widget
        raise KeyError(field_id)


SCREENS = {"intake": IntakeScreen}
