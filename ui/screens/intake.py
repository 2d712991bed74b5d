"""The household intake ("intake", ``case_id=…``): screens drawn from the intake description.

No class per topic: every step of ``resources/forms/household/<version>.yaml`` becomes one
screen of field widgets (``ui.widgets.fields``), with the step list at the side. Repeated
steps (children, other parent, further persons, incomes) show one block per item, with add
and remove where the step allows it. Every edit is checked as typed with the core's
messages, written into the household and saved at once (no Save button); ``show_if``
conditions are re-read after each edit. The current step is the case's resume point, so
reopening the case lands where the counsellor left. Input that is not (yet) acceptable
stays on screen with its message and is saved as the case's pending input, beside the
household and in the same transaction (``Case.pending``), so no keystroke is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
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

from kiosk.forms.definition import text_in
from kiosk.forms.intake import (
    Intake,
    IntakeField,
    IntakeStep,
    add_item,
    add_object,
    check_intake_value,
    field_path,
    intake_missing,
    load_intake,
    person_options,
    read_field,
    step_items,
    step_visible,
    visible_intake_fields,
    write_field,
)
from kiosk.forms.messages import field_message
from kiosk.forms.scope import Item, get_value
from kiosk.model import copy_household, delete_path, empty_household, set_path
from kiosk.store.states import WITHDRAWN
from ui.screens import intake_pending
from ui.widgets.fields import FieldWidget, ListField, make_field
from ui.widgets.fields_buttons import ConfirmButton, touch_button

if TYPE_CHECKING:
    from kiosk.store.records import Case
    from ui.window import MainWindow

log = logging.getLogger(__name__)

LANG = "de"  # counsellor screens are German
WITHDRAWN_NOTE = ("Dieser Fall wurde zurückgezogen. Die Angaben können nur noch gelesen, "
                  "nicht mehr geändert werden.")
SAVE_FAILED = ("Speichern fehlgeschlagen – die Eingaben bleiben auf dem Bildschirm und "
               "werden mit der nächsten Eingabe erneut gespeichert.")


@cache
def intake_description() -> Intake:
    """The newest intake description, parsed once per process."""
    return load_intake()


def problem_text(key: str) -> str:
    try:
        return field_message(key, LANG)
    except KeyError:
        return "Dieser Wert ist nicht gültig."


@dataclass
class Binding:
    """A widget on screen and the household place it edits."""

    field: IntakeField
    item: Item | None
    widget: FieldWidget

    @property
    def path(self) -> str:
        return field_path(self.field, self.item)


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
        self.household: dict[str, Any] = {}
        self.pending: dict[str, Any] = {}
        self.bindings: list[Binding] = []
        self.step_id: str | None = None
        self._dirty = False
        #: A withdrawn case is shown read-only: fields disabled, nothing saved.
        self.read_only = False
        self._store = window.session.station.store
        window.session.case_id = case_id

        self.steps = QListWidget(self)
        self.steps.setAccessibleName("Schritte der Erfassung")
        self.steps.setMinimumWidth(280)
        self.steps.setMaximumWidth(340)
        self.steps.setWordWrap(True)  # long step titles wrap instead of being cut off
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
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.body: QWidget | None = None

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
        right.addLayout(nav)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.steps)
        layout.addLayout(right, 1)

        store = self._store
        # Bound to this screen (parent=self): while it is being built the window's current
        # screen is still the previous one, whose answers are dropped with it.
        window.run_in_background(lambda: (store.cases.get_case(case_id), intake_description()),
                                 self._loaded, self._load_failed, parent=self)

    # --- loading -------------------------------------------------------------------------
    def _loaded(self, result: tuple[Case, Intake]) -> None:
        case, intake = result
        self.intake = intake
        self.household = copy_household(case.household) if case.household else empty_household()
        self.pending = dict(case.pending)
        self.read_only = case.state == WITHDRAWN
        if self.read_only:
            self.notice.setText(WITHDRAWN_NOTE)
            self.notice.setVisible(True)
        self.ready = True
        ids = [s.id for s in intake.steps]
        wanted = self._wanted_step or case.resume_at
        self.show_step(wanted if wanted in ids else ids[0])

    def _load_failed(self, exc: BaseException) -> None:
        log.error("intake could not be loaded: %s", type(exc).__name__)
        self.heading.setText("Der Fall kann nicht geöffnet werden.")
        message = getattr(exc, "user_message", "") or "Bitte die IT-Betreuung verständigen."
        self._show_status(message)

    # --- steps ---------------------------------------------------------------------------
    def visible_steps(self) -> list[IntakeStep]:
        assert self.intake is not None
        return [s for s in self.intake.steps if step_visible(s, self.household)]

    def _fill_step_list(self) -> None:
        """The steps at the side, each with its number of items and of open required
        fields (so a gap is seen before the claims ask for it)."""
        assert self.intake is not None
        open_by_step: dict[str, int] = {}
        for gap in intake_missing(self.intake, self.household, LANG):
            step_id = gap.id.split(".", 1)[0]
            open_by_step[step_id] = open_by_step.get(step_id, 0) + 1
        self.steps.blockSignals(True)
        self.steps.clear()
        for step in self.visible_steps():
            text = text_in(step.title, LANG)
            if step.repeat_over is not None:
                text += f" ({len(step_items(step, self.household))})"
            if open_by_step.get(step.id):
                text += f" – {open_by_step[step.id]} offen"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, step.id)
            self.steps.addItem(item)
        self.steps.blockSignals(False)
        self._select_in_list()

    def _select_in_list(self) -> None:
        self.steps.blockSignals(True)
        for row in range(self.steps.count()):
            if self.steps.item(row).data(Qt.ItemDataRole.UserRole) == self.step_id:
                self.steps.setCurrentRow(row)
        self.steps.blockSignals(False)

    def _step_row_changed(self, row: int) -> None:
        if row >= 0:
            self.show_step(self.steps.item(row).data(Qt.ItemDataRole.UserRole))

    def _move(self, delta: int) -> None:
        ids = [s.id for s in self.visible_steps()]
        if self.step_id not in ids:
            return
        index = ids.index(self.step_id) + delta
        if 0 <= index < len(ids):
            self.show_step(ids[index])

    def _next(self) -> None:
        ids = [s.id for s in self.visible_steps()]
        if self.step_id == ids[-1]:
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
        self._build_body(step)
        self._fill_step_list()
        ids = [s.id for s in self.visible_steps()]
        self.back_button.setEnabled(step_id != ids[0])
        self.next_button.setEnabled(True)
        last = step_id == ids[-1]
        self.next_button.setText("Weiter zu den Anträgen" if last else "Weiter")
        self._save_resume_point()
        first = next((b.widget for b in self.bindings if b.widget.isVisibleTo(self)), None)
        if first is not None:
            first.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    # --- building one step ---------------------------------------------------------------
    def _build_body(self, step: IntakeStep) -> None:
        self.bindings = []
        body = QWidget()
        body.setObjectName("stepBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 16, 0)
        persons = person_options(self.household)
        if step.optional_object is not None and get_value(
                self.household, step.optional_object) is None:
            add = touch_button(text_in(step.add_label, LANG) or "Hinzufügen", body, primary=True)
            add.clicked.connect(lambda: self._add_object(step))
            column.addWidget(add)
        elif step.repeat_over is not None:
            items = step_items(step, self.household)
            addable = step.add_label is not None and step.repeat_over.startswith("$.")
            if not items:
                none = QLabel("Noch keine Einträge." if addable
                              else "Für diesen Schritt gibt es nichts auszufüllen.", body)
                none.setObjectName("hint")
                column.addWidget(none)
            for number, item in enumerate(items, start=1):
                column.addWidget(self._item_block(step, item, number, addable, persons, body))
            if addable:
                add = touch_button(text_in(step.add_label, LANG), body, primary=True)
                add.clicked.connect(lambda: self._add_item(step))
                column.addWidget(add)
        else:
            for fld in step.fields:
                column.addWidget(self._bind(fld, None, persons, body))
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
        self._refresh_visibility()
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
                    persons: list[tuple[str, str]], parent: QWidget) -> QWidget:
        block = QFrame(parent)
        block.setObjectName("itemBlock")
        block.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(block)
        title = QLabel(self._item_title(step, item, number), block)
        title.setObjectName("subheading")
        column.addWidget(title)
        for fld in step.fields:
            column.addWidget(self._bind(fld, item, persons, block))
        if addable:
            remove = ConfirmButton(f"{title.text()} entfernen",
                                   "Wirklich entfernen? Nochmals tippen.", block)
            remove.confirmed.connect(lambda: self._remove_item(step, item))
            column.addWidget(remove)
        return block

    @staticmethod
    def _item_title(step: IntakeStep, item: Item, number: int) -> str:
        if item.name:
            return item.name
        noun = {"$.children": "Kind", "$.other_members": "Person"}.get(
            step.repeat_over or "", "Person")
        return f"{noun} {number}"

    def _bind(self, fld: IntakeField, item: Item | None, persons: list[tuple[str, str]],
              parent: QWidget) -> FieldWidget:
        widget = make_field(fld, LANG, parent, persons)
        binding = Binding(fld, item, widget)
        widget.set_value(read_field(self.household, fld, item))
        self._restore_pending(binding)
        widget.changed.connect(lambda raw, b=binding: self.field_changed(b, raw))
        self.bindings.append(binding)
        return widget

    def _restore_pending(self, binding: Binding) -> None:
        widget = binding.widget
        if isinstance(widget, ListField):
            prefix = binding.path
            for row_index, row in enumerate(widget.rows):
                for sub_key, sub in row.items():
                    raw = self.pending.get(f"{prefix}[{row_index}].{sub_key}")
                    if raw is not None:
                        sub.set_raw(raw)
            self._show_list_problems(widget)
            return
        if binding.path in self.pending:
            raw = self.pending[binding.path]
            widget.set_raw(raw)
            key = check_intake_value(binding.field, raw)
            widget.show_problem(problem_text(key) if key else None)

    # --- editing -------------------------------------------------------------------------
    def field_changed(self, binding: Binding, raw: Any) -> None:
        """One edit: check, write into the household, save at once, re-read conditions."""
        if self.read_only:
            return
        path = binding.path
        widget = binding.widget
        if isinstance(widget, ListField):
            clean, problems = widget.checked_entries()
            write_field(self.household, binding.field, clean, binding.item)
            for stale in [k for k in self.pending if k.startswith(path + "[")]:
                del self.pending[stale]
            for (index, sub_key) in problems:
                self.pending[f"{path}[{index}].{sub_key}"] = widget.rows[index][sub_key].value()
            self._show_list_problems(widget, problems)
        else:
            key = write_field(self.household, binding.field, raw, binding.item)
            if key is None:
                self.pending.pop(path, None)
                widget.show_problem(None)
            else:
                # Not acceptable: the household holds "unknown", the screen and the case's
                # pending input keep what was typed.
                set_path(self.household, path, None)
                self.pending[path] = raw
                widget.show_problem(problem_text(key))
        self._save()
        self._refresh_visibility()

    def _list_problems(self, widget: ListField) -> dict[tuple[int, str], str]:
        return widget.checked_entries()[1]

    def _show_list_problems(self, widget: ListField,
                            problems: dict[tuple[int, str], str] | None = None) -> None:
        if problems is None:
            problems = self._list_problems(widget)
        for index, row in enumerate(widget.rows):
            for key, sub in row.items():
                found = problems.get((index, key))
                sub.show_problem(problem_text(found) if found else None)

    def _refresh_visibility(self) -> None:
        assert self.intake is not None
        if self.step_id is None:
            return
        step = self.intake.step(self.step_id)
        shown: dict[str | None, set[str]] = {}
        for binding in self.bindings:
            key = binding.item.path if binding.item else None
            if key not in shown:
                shown[key] = {f.id for f in visible_intake_fields(
                    step, self.household, binding.item)}
            binding.widget.setVisible(binding.field.id in shown[key])

    # --- adding and removing items -------------------------------------------------------
    def _add_item(self, step: IntakeStep) -> None:
        if self.read_only:
            return
        new = add_item(self.household, step)
        self._save()
        self.show_step(step.id)
        first = next((b for b in self.bindings if b.item is not None
                      and b.item.path == new.path), None)
        if first is not None:
            first.widget.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove_item(self, step: IntakeStep, item: Item) -> None:
        if self.read_only:
            return
        assert step.repeat_over is not None
        index = int(item.path.rsplit("[", 1)[1].rstrip("]"))
        delete_path(self.household, item.path)
        self.pending = intake_pending.shift_pending(self.pending, step.repeat_over, index)
        self._save()
        self.show_step(step.id)

    def _add_object(self, step: IntakeStep) -> None:
        if self.read_only:
            return
        add_object(self.household, step)
        self._save()
        self.show_step(step.id)

    def _remove_object(self, step: IntakeStep) -> None:
        if self.read_only:
            return
        assert step.optional_object is not None
        delete_path(self.household, step.optional_object)
        prefix = step.optional_object + "."
        self.pending = {k: v for k, v in self.pending.items() if not k.startswith(prefix)}
        self._save()
        self.show_step(step.id)

    # --- saving --------------------------------------------------------------------------
    def _save(self) -> None:
        """Save the household with the pending input (one transaction), and the resume
        point if an earlier save failed. A failure is shown and retried with the next edit."""
        if self.read_only:
            return
        actor = self._window.session.actor
        retry_resume = self._dirty
        ok = self._attempt("household", lambda: self._store.cases.save_household(
            self.case_id, self.household, actor, pending=self.pending))
        if ok and retry_resume:
            ok = self._attempt("resume point", self._write_resume_point)
        self._set_dirty(not ok)

    def _save_resume_point(self) -> None:
        if self.read_only:
            return
        if self._dirty:
            self._save()
        else:
            self._set_dirty(not self._attempt("resume point", self._write_resume_point))

    def _write_resume_point(self) -> None:
        if self.step_id is not None:
            self._store.cases.set_resume_point(self.case_id, self.step_id)

    @staticmethod
    def _attempt(what: str, write: Callable[[], None]) -> bool:
        try:
            write()
        except Exception as exc:  # noqa: BLE001 - the input stays on screen; it is retried
            log.error("saving the %s failed: %s", what, type(exc).__name__)
            return False
        return True

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self._show_status(SAVE_FAILED if dirty else "")

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def save_now(self) -> None:
        """Called by the window before leaving or locking: only a failed save is redone."""
        if self.ready and self._dirty:
            self._save()

    # --- for tests and the window ----------------------------------------------------------
    def widget_for(self, field_id: str, item_index: int = 0) -> FieldWidget:
        """The widget of ``field_id`` (in the ``item_index``-th block of a repeated step)."""
        seen: dict[str | None, int] = {}
        for binding in self.bindings:
            if binding.field.id != field_id:
                continue
            key = binding.item.path if binding.item else None
            n = seen.setdefault(key, len(seen))
            if n == item_index:
                return binding.widget
        raise KeyError(field_id)


SCREENS = {"intake": IntakeScreen}
