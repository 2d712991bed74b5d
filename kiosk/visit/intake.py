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
from collections.abc import Callable
from dataclasses import dataclass, field
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
    text_in,
    visible_intake_fields,
    write_field,
)
from kiosk.forms.fieldtypes import check_value
from kiosk.model.paths import delete_path, get_path, set_path
from kiosk.store import states
from kiosk.visit.overview import changed_since_signing, subject_name

if TYPE_CHECKING:
    from kiosk.forms import FormCatalog, Intake
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
    saved again with the next one); ``save_error``: the German reason then;
    ``needs_new_signature``: the titles of the signed claims whose data the household now
    changes (each needs correcting and signing again; unchanged claims are not named).
    """

    path: str
    problem: str | None
    list_problems: dict[tuple[int, str], str]
    visible: dict[str | None, frozenset[str]]
    open_by_step: dict[str, int]
    saved: bool
    save_error: str | None = None
    needs_new_signature: tuple[str, ...] = ()


@dataclass
class Working:
    household: dict[str, Any]
    pending: dict[str, Any]
    unsaved: bool = False
    resume_at: str | None = None
    read_only: bool = False
    #: Signed claims already audited as changed since signing (the audit is once per claim).
    marked: set[str] = field(default_factory=set)
    #: Titles of the signed claims the household now changes (as of the last save).
    needs_new_signature: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resign:
    """A signed claim whose projection of today's household differs from what was signed."""

    claim_id: str
    title: str


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


def _under(path: str, prefix: str) -> bool:
    """``path`` is ``prefix`` or lies inside it (``prefix.x``, ``prefix[0]``)."""
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


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

    def __init__(self, store: Store, intake: Intake, actor: str,
                 forms: Callable[[], FormCatalog] | None = None) -> None:
        self._store = store
        self.intake = intake
        self._actor = actor
        self._working: dict[str, Working] = {}
        #: The form catalog (read when first needed), to see whether a household change
        #: alters a signed claim; without it no claim is checked.
        self._forms = forms

    # --- the working copy ------------------------------------------------------------------
    def working(self, case_id: str) -> Working:
        found = self._working.get(case_id)
        if found is None:
            case = self._store.cases.get_case(case_id)
            found = Working(copy.deepcopy(case.household), dict(case.pending),
                            resume_at=case.resume_at, read_only=case.state == states.WITHDRAWN)
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
        """Save the working copy; ``None`` or the German reason it failed. A signed claim
        the household now changes is audited as "changed since signing" in the same
        transaction (once per claim)."""
        try:
            resign = self.changed_signed_claims(case_id, work.household)
            with self._store.transaction():
                self._store.cases.save_household(case_id, work.household, self._actor,
                                                 pending=work.pending)
                for found in resign:
                    if found.claim_id not in work.marked:
                        self._store.claims.mark_changed_since_signing(found.claim_id,
                                                                      self._actor)
        except KioskError as exc:
            log.error("saving the household failed: %s", type(exc).__name__)
            work.unsaved = True
            return exc.user_message
        work.marked.update(found.claim_id for found in resign)
        work.needs_new_signature = tuple(found.title for found in resign)
        work.unsaved = False
        return None

    # --- signed claims the household changes ---------------------------------------------------
    def changed_signed_claims(self, case_id: str,
                              household: dict[str, Any] | None = None) -> list[Resign]:
        """The signed claims of the case, not yet at their office, that projected from
        ``household`` (default: the working copy) are no longer what the family signed.
        Only the case's few signed claims are projected; a case without one costs one
        small query."""
        if self._forms is None:
            return []
        signed = [c for c in self._store.claims.list_claims(case_id)
                  if c.state in states.CORRECTABLE and c.sha256 is not None]
        if not signed:
            return []
        if household is None:
            household = self.working(case_id).household
        try:
            catalog = self._forms()
        except KioskError as exc:  # typing goes on; the claims screen names broken forms
            log.warning("forms not available for the re-sign check: %s", type(exc).__name__)
            return []
        out = []
        for claim in signed:
            try:
                form = catalog.form(claim.benefit, claim.form_version)
            except KioskError:
                log.warning("form %s/%s not available", claim.benefit, claim.form_version)
                continue
            if changed_since_signing(form, household, claim):
                title = text_in(form.title, COUNSELLOR_LANG)
                who = subject_name(form, household, claim.subject, COUNSELLOR_LANG)
                out.append(Resign(claim.id, f"{title} – {who}" if who else title))
        return out

    def needs_new_signature(self, case_id: str) -> tuple[str, ...]:
        """Titles of the signed claims the household (as typed so far) changes."""
        return tuple(found.title for found in self.changed_signed_claims(case_id))

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
        error = self._save(case_id, work)  # a failed save keeps the last known answer
        return FieldChange(path, problem, list_problems, self.visibility(case_id, step.id),
                           self.open_by_step(case_id), error is None, error,
                           work.needs_new_signature)

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

    def copy_from_item(self, case_id: str, step_id: str, source: str,
                       target: str) -> tuple[str, ...]:
        """Copy the step's ``copy_object`` (the other parent) from item ``source`` to item
        ``target`` of the step ("wie bei <Kind>"): the stored values and the input not yet
        acceptable; what ``target`` held there is replaced. Saved at once; returns the
        titles of the signed claims that now need a new signature."""
        work = self.working(case_id)
        self._require_editable(work)
        step = self.intake.step(step_id)
        if step.copy_object is None:
            raise InvalidInput(f"step {step_id} copies nothing between items",
                               "In diesem Schritt kann nichts übernommen werden.")
        paths = {i.path for i in step_items(step, work.household)}
        if source not in paths or target not in paths or source == target:
            raise InvalidInput(f"{source} → {target} are not two items of step {step_id}",
                               "Diese Person oder dieser Eintrag ist nicht mehr da.")
        part = step.copy_object[1:]  # ".other_parent"
        value = get_path(work.household, source + part)
        set_path(work.household, target + part, copy.deepcopy(value))
        from_prefix, to_prefix = source + part, target + part
        pending = {k: v for k, v in work.pending.items()
                   if not _under(k, to_prefix)}
        for key, raw in work.pending.items():
            if _under(key, from_prefix):
                pending[to_prefix + key[len(from_prefix):]] = copy.deepcopy(raw)
        work.pending = pending
        self._save_or_raise(case_id, work)
        return work.needs_new_signature

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
