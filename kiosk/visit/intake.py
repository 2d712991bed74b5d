"""Typing the household: one field at a time, checked, coerced and saved once, here.

A case being edited has a working copy (household + the input not yet acceptable, kept by
path beside it). Each edit changes the working copy and saves it at once in one
transaction; if the save fails (full disk …) the copy keeps the edit and the next edit, or
:meth:`IntakeSession.flush`, saves everything, so nothing typed is lost.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput, KioskError
from kiosk.forms import (
    IntakeField,
    IntakeStep,
    Item,
    add_item,
    add_object,
    check_intake_value,
    field_message,
    field_path,
    read_field,
    step_items,
    step_visible,
    visible_intake_fields,
    write_field,
)
from kiosk.forms.fieldtypes import check_value
from kiosk.model.paths import delete_path, get_path, set_path

if TYPE_CHECKING:
    from kiosk.forms import Intake
    from kiosk.store import Store

log = logging.getLogger(__name__)

#: Counsellor screens and their messages are German.
COUNSELLOR_LANG = "de"


def problem_text(key: str, lang: str = COUNSELLOR_LANG) -> str:
    """The message for a validation key, in ``lang``."""
    try:
        return field_message(key, lang)
    except KeyError:
        return field_message("form.type", lang)


@dataclass(frozen=True)
class FieldChange:
    """What one edit changed, for the screen to show.

    ``problem``: the message beside the field (``None``: accepted); ``list_problems``: for a
    list field, the message of each unacceptable sub-value by (row, sub-field key);
    ``visible``: the field ids of the step now shown, by item path (``None`` for fields
    that are not in a repeated block); ``open_by_step``: required fields still empty per
    visible step; ``saved``: False when the store refused the save (the edit is kept and
    saved again with the next one); ``save_error``: the German reason then.
    """

    path: str
    problem: str | None
    list_problems: dict[tuple[int, str], str]
    visible: dict[str | None, frozenset[str]]
    open_by_step: dict[str, int]
    saved: bool
    save_error: str | None = None


@dataclass
class Working:
    household: dict[str, Any]
    pending: dict[str, Any]
    unsaved: bool = False
    resume_at: str | None = None
    read_only: bool = False


def shift_pending(pending: dict[str, Any], list_path: str, removed: int) -> dict[str, Any]:
    """Pending input after item ``removed`` of the list at ``list_path`` was deleted: its
    own entries go, later items move up by one."""
    pattern = re.compile(re.escape(list_path) + r"\[([0-9]+)\](.*)")
    out: dict[str, Any] = {}
    for path, raw in pending.items():
        match = pattern.fullmatch(path)
        if match is None:
            out[path] = raw
            continue
        index = int(match.group(1))
        if index == removed:
            continue
        if index > removed:
            path = f"{list_path}[{index - 1}]{match.group(2)}"
        out[path] = raw
    return out


def step_blocks(step: IntakeStep, household: dict[str, Any]) -> list[Item | None]:
    """The blocks a step shows: one per item of a repeated step, else one (``None``)."""
    return list(step_items(step, household)) if step.repeat_over else [None]


def open_fields(step: IntakeStep, household: dict[str, Any]) -> int:
    """Required fields of ``step`` that are shown and still empty."""
    if step.optional_object and get_path(household, step.optional_object) is None:
        return 0
    count = 0
    for item in step_blocks(step, household):
        for fld in visible_intake_fields(step, household, item):
            if fld.required and read_field(household, fld, item) in (None, "", []):
                count += 1
    return count


class IntakeSession:
    """The intake operations over one station's store and intake description."""

    def __init__(self, store: Store, intake: Intake, actor: str) -> None:
        self._store = store
        self.intake = intake
        self._actor = actor
        self._working: dict[str, Working] = {}

    # --- the working copy ------------------------------------------------------------------
    def working(self, case_id: str) -> Working:
        found = self._working.get(case_id)
        if found is None:
            case = self._store.cases.get_case(case_id)
            from kiosk.store.states import WITHDRAWN

            found = Working(copy.deepcopy(case.household), dict(case.pending),
                            resume_at=case.resume_at, read_only=case.state == WITHDRAWN)
            self._working[case_id] = found
        return found

    def forget(self, case_id: str) -> None:
        """Drop the working copy (the next use reads the store again)."""
        self._working.pop(case_id, None)

    def household(self, case_id: str) -> dict[str, Any]:
        """A copy of the household as typed so far (for showing a step)."""
        return copy.deepcopy(self.working(case_id).household)

    def pending(self, case_id: str) -> dict[str, Any]:
        return dict(self.working(case_id).pending)

    def _require_editable(self, work: Working) -> None:
        if work.read_only:
            raise InvalidInput(
                "the case is withdrawn; it cannot be changed",
                "Dieser Fall wurde zurückgezogen und kann nicht mehr geändert werden.",
            )

    def _save(self, case_id: str, work: Working) -> str | None:
        """Save the working copy; ``None`` or the German reason it failed."""
        try:
            self._store.cases.save_household(case_id, work.household, self._actor,
                                             pending=work.pending)
        except KioskError as exc:
            log.error("saving the household failed: %s", type(exc).__name__)
            work.unsaved = True
            return exc.user_message
        work.unsaved = False
        return None

    def flush(self, case_id: str) -> str | None:
        """Save again what an earlier failed save left unsaved; ``None`` when all is saved."""
        work = self._working.get(case_id)
        if work is None or not work.unsaved:
            return None
        return self._save(case_id, work)

    # --- where the edit goes ---------------------------------------------------------------
    def _locate(self, household: dict[str, Any], step_id: str, field_id: str,
                item_path: str | None) -> tuple[IntakeStep, IntakeField, Item | None]:
        try:
            step = self.intake.step(step_id)
            fld = step.field(field_id)
        except KeyError:
            raise InvalidInput(f"no intake field {step_id}.{field_id}",
                               "Dieses Eingabefeld gibt es nicht.") from None
        item = None
        if step.repeat_over:
            item = next((i for i in step_items(step, household) if i.path == item_path), None)
            if item is None:
                raise InvalidInput(f"no item {item_path} in step {step_id}",
                                   "Diese Person oder dieser Eintrag ist nicht mehr da.")
        return step, fld, item

    def visibility(self, case_id: str, step_id: str) -> dict[str | None, frozenset[str]]:
        household = self.working(case_id).household
        step = self.intake.step(step_id)
        return {item.path if item else None:
                frozenset(f.id for f in visible_intake_fields(step, household, item))
                for item in step_blocks(step, household)}

    def open_by_step(self, case_id: str) -> dict[str, int]:
        household = self.working(case_id).household
        return {s.id: open_fields(s, household) for s in self.intake.steps
                if step_visible(s, household)}

    def visible_steps(self, case_id: str) -> list[IntakeStep]:
        household = self.working(case_id).household
        return [s for s in self.intake.steps if step_visible(s, household)]

    # --- edits -----------------------------------------------------------------------------
    def set_field(self, case_id: str, step_id: str, field_id: str, raw: Any,
                  item_path: str | None = None, lang: str = COUNSELLOR_LANG) -> FieldChange:
        """One edit: check and coerce ``raw`` once, write it into the household (or keep it
        as pending input when not acceptable), save at once, and say what changed."""
        work = self.working(case_id)
        self._require_editable(work)
        household = work.household
        step, fld, item = self._locate(household, step_id, field_id, item_path)
        path = field_path(fld, item)
        problem: str | None = None
        list_problems: dict[tuple[int, str], str] = {}
        if fld.type == "list":
            clean, found = self._check_rows(fld, raw)
            write_field(household, fld, clean, item)
            for stale in [k for k in work.pending if k.startswith(path + "[")]:
                del work.pending[stale]
            for (index, sub_key), sub_problem in found.items():
                work.pending[f"{path}[{index}].{sub_key}"] = raw[index].get(sub_key)
                list_problems[(index, sub_key)] = problem_text(sub_problem, lang)
        else:
            key = write_field(household, fld, raw, item)
            if key is None:
                work.pending.pop(path, None)
            else:
                # Not acceptable: the household holds "unknown", the typed text is kept.
                set_path(household, path, None)
                work.pending[path] = raw
                problem = problem_text(key, lang)
        error = self._save(case_id, work)
        return FieldChange(path, problem, list_problems, self.visibility(case_id, step.id),
                           self.open_by_step(case_id), error is None, error)

    @staticmethod
    def _check_rows(fld: IntakeField, raw: Any) -> tuple[list[dict[str, Any]],
                                                         dict[tuple[int, str], str]]:
        """List rows with every unacceptable sub-value replaced by ``None`` (so the rest
        can be stored), and the message key of each such value by (row, key)."""
        if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
            raise InvalidInput(f"field {fld.id} takes a list of entries",
                               "Diese Eingabe passt nicht zum Feld.")
        clean: list[dict[str, Any]] = []
        problems: dict[tuple[int, str], str] = {}
        for index, row in enumerate(raw):
            entry: dict[str, Any] = {}
            for sub in fld.item_fields:
                value = row.get(sub.path)
                key = check_value(sub.type, sub.validation, sub.option_values(), value)
                if key is not None:
                    problems[(index, sub.path)] = key
                    value = None
                entry[sub.path] = value
            clean.append(entry)
        return clean, problems

    def field_problem(self, fld: IntakeField, raw: Any, lang: str = COUNSELLOR_LANG) -> str | None:
        """The message for pending input shown again (a reopened case)."""
        key = check_intake_value(fld, raw)
        return problem_text(key, lang) if key else None

    def add_item(self, case_id: str, step_id: str) -> str:
        """Add a child / person / entry to a repeated step; returns its item path."""
        work = self.working(case_id)
        self._require_editable(work)
        new = add_item(work.household, self.intake.step(step_id))
        self._save_or_raise(case_id, work)
        return new.path

    def remove_item(self, case_id: str, step_id: str, item_path: str) -> None:
        work = self.working(case_id)
        self._require_editable(work)
        step = self.intake.step(step_id)
        if step.repeat_over is None or not item_path.startswith(step.repeat_over + "["):
            raise InvalidInput(f"{item_path} is not an item of step {step_id}",
                               "Dieser Eintrag gehört nicht zu diesem Schritt.")
        index = int(item_path.rsplit("[", 1)[1].rstrip("]"))
        delete_path(work.household, item_path)
        work.pending = shift_pending(work.pending, step.repeat_over, index)
        self._save_or_raise(case_id, work)

    def add_object(self, case_id: str, step_id: str) -> None:
        work = self.working(case_id)
        self._require_editable(work)
        add_object(work.household, self.intake.step(step_id))
        self._save_or_raise(case_id, work)

    def remove_object(self, case_id: str, step_id: str) -> None:
        work = self.working(case_id)
        self._require_editable(work)
        step = self.intake.step(step_id)
        if step.optional_object is None:
            raise InvalidInput(f"step {step_id} has no optional part",
                               "Dieser Schritt hat keinen entfernbaren Teil.")
        delete_path(work.household, step.optional_object)
        prefix = step.optional_object + "."
        work.pending = {k: v for k, v in work.pending.items() if not k.startswith(prefix)}
        self._save_or_raise(case_id, work)

    def _save_or_raise(self, case_id: str, work: Working) -> None:
        error = self._save(case_id, work)
        if error is not None:
            raise KioskError("saving the household failed", error)

    def set_resume_point(self, case_id: str, step_id: str) -> None:
        work = self.working(case_id)
        if work.read_only or work.resume_at == step_id:
            return
        self._store.cases.set_resume_point(case_id, step_id)
        work.resume_at = step_id
