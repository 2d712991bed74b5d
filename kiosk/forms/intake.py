"""The household intake as data: ``resources/forms/household/<version>.yaml``.

One topic per screen (applicant, address, partner, children, other parent, further
members, incomes, housing, bank account, benefits received). Each field names the
household path it writes; the UI renders the steps and writes typed values with
:func:`write_field` (which checks, normalises and creates list items as needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.forms.catalog import INTAKE_DIR, Glossary, check_label_map, load_glossary
from kiosk.forms.completeness import Missing
from kiosk.forms.conditions import ConditionError, check_condition, evaluate
from kiosk.forms.definition import Option, Text, text_in
from kiosk.forms.errors import FormError
from kiosk.forms.fieldtypes import TYPES, check_value, coerce
from kiosk.forms.files import FORM_SUFFIXES, default_resources, display_name, read_data, version_key
from kiosk.forms.scope import Item, collection, get_value
from kiosk.forms.sources import COLLECTIONS, SourceChecker
from kiosk.model.household import ITEM_FACTORIES, members
from kiosk.model.paths import parse_path, set_path
from kiosk.model.schema import household_schema
from kiosk.validation import VALIDATORS


@dataclass(frozen=True)
class IntakeField:
    """A field of an intake step. ``path`` is absolute (``$.applicant.x``) or relative to
    the step's item (``@.x``); list fields (type ``list``) describe their items with
    ``item_fields`` (whose ``path`` is the key inside an item)."""

    id: str
    path: str
    label: Text
    type: str
    required: bool = False
    validation: str | None = None
    options: tuple[Option, ...] = ()
    show_if: dict[str, Any] | None = None
    help: Text | None = None
    item_fields: tuple[IntakeField, ...] = ()

    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)


@dataclass(frozen=True)
class IntakeStep:
    """One screen. ``repeat_over``: a household list or ``$members`` (one block per item);
    ``optional_object``: a path the UI may add or remove as a whole (the partner);
    ``copy_object``: a part of each item (``@.other_parent``) that may be copied from
    another item of the step ("wie bei <Kind>")."""

    id: str
    title: Text
    fields: tuple[IntakeField, ...]
    help: Text | None = None
    repeat_over: str | None = None
    repeat_where: dict[str, Any] | None = None
    optional_object: str | None = None
    add_label: Text | None = None
    show_if: dict[str, Any] | None = None
    copy_object: str | None = None

    def field(self, field_id: str) -> IntakeField:
        for fld in self.fields:
            if fld.id == field_id:
                return fld
        raise KeyError(field_id)


@dataclass(frozen=True)
class Intake:
    id: str
    version: str
    title: Text
    steps: tuple[IntakeStep, ...]
    file: str = ""

    def step(self, step_id: str) -> IntakeStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


def load_intake(resources_dir: Path | None = None, version: str | None = None) -> Intake:
    """The intake description (newest version unless ``version``); raises FormError."""
    resources = Path(resources_dir) if resources_dir is not None else default_resources()
    folder = resources / "forms" / INTAKE_DIR
    files = {p.stem: p for p in folder.glob("*") if p.suffix in FORM_SUFFIXES} \
        if folder.is_dir() else {}
    if not files:
        raise FormError(display_name(folder, resources), "no intake description found")
    chosen = version or sorted(files, key=version_key)[-1]
    if chosen not in files:
        raise FormError(display_name(folder, resources), f"no intake version {chosen!r}")
    path = files[chosen]
    name = display_name(path, resources)
    raw = read_data(path, resources)
    return _parse(raw, name, chosen, load_glossary(resources),
                  SourceChecker(household_schema(resources)))


def _texts(text: Any, file: str, fld: str | None, what: str) -> Text:
    """A label map of the intake: exactly the six languages, like the forms'."""
    check_label_map(text, file, fld, what)
    return {str(k): str(v) for k, v in text.items()}


def _parse(raw: Any, file: str, stem: str, glossary: Glossary,
           checker: SourceChecker) -> Intake:
    if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list) or not raw["steps"]:
        raise FormError(file, "an intake needs 'id', 'version', 'title' and a list of 'steps'")
    if str(raw.get("version")) != stem:
        raise FormError(file, f"version {raw.get('version')!r} differs from its file name")
    steps = []
    step_ids: set[str] = set()
    for raw_step in raw["steps"]:
        if not isinstance(raw_step, dict) or not isinstance(raw_step.get("id"), str):
            raise FormError(file, "each step needs an id")
        sid = raw_step["id"]
        if sid in step_ids:
            raise FormError(file, f"step id {sid!r} is used twice")
        step_ids.add(sid)
        repeat = raw_step.get("repeat") or {}
        over = repeat.get("over")
        if over is not None and over not in COLLECTIONS and not checker.item_schemas(over):
            raise FormError(file, f"step {sid!r} repeats over unknown {over!r}")
        where = repeat.get("where")
        if where is not None:
            _check_condition(where, file, sid, checker, over)
        optional = raw_step.get("optional_object")
        if optional is not None and checker.check(optional, subject=False, item_over=None):
            raise FormError(file, f"step {sid!r}: unknown optional_object {optional!r}")
        fields = []
        seen: set[str] = set()
        for raw_field in raw_step.get("fields") or []:
            fld = _field(raw_field, file, glossary, checker, over)
            if fld.id in seen:
                raise FormError(file, f"field id is used twice in step {sid!r}", fld.id)
            seen.add(fld.id)
            fields.append(fld)
        if not fields:
            raise FormError(file, f"step {sid!r} has no fields")
        if raw_step.get("show_if") is not None:
            _check_condition(raw_step["show_if"], file, sid, checker, None)
        copy_object = raw_step.get("copy_object")
        if copy_object is not None and (
                over is None or not isinstance(copy_object, str)
                or not copy_object.startswith("@.")
                or checker.check(copy_object, subject=False, item_over=over)):
            raise FormError(file, f"step {sid!r}: copy_object must be a part of each item "
                            f"(@.…) of a repeated step, not {copy_object!r}")
        steps.append(IntakeStep(
            sid, _texts(raw_step.get("title"), file, None, f"step {sid!r} title"),
            tuple(fields),
            _texts(raw_step["help"], file, None, f"step {sid!r} help")
            if raw_step.get("help") else None,
            over, where, optional,
            _texts(raw_step["add_label"], file, None, f"step {sid!r} add label")
            if raw_step.get("add_label") else None,
            raw_step.get("show_if"), copy_object,
        ))
    return Intake(str(raw.get("id")), stem, _texts(raw.get("title"), file, None, "title"),
                  tuple(steps), file)


def _check_condition(cond: Any, file: str, where: str, checker: SourceChecker,
                     over: str | None) -> None:
    try:
        refs = check_condition(cond, allowed_refs=("path",))
    except ConditionError as err:
        raise FormError(file, f"condition: {err}", where) from None
    for _ref, name in refs:
        reason = checker.check(name, subject=False, item_over=over)
        if reason is not None:
            raise FormError(file, f"condition: {reason}", where)


def _field(raw: Any, file: str, glossary: Glossary, checker: SourceChecker,
           over: str | None, in_list: bool = False) -> IntakeField:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise FormError(file, "each field needs an id")
    fid = raw["id"]
    merged: dict[str, Any] = {}
    if "term" in raw:
        if raw["term"] not in glossary.terms:
            raise FormError(file, f"unknown glossary term {raw['term']!r}", fid)
        merged.update(glossary.terms[raw["term"]])
    merged.update({k: v for k, v in raw.items() if k != "term"})
    ftype = merged.get("type")
    if ftype not in TYPES:
        raise FormError(file, f"unknown field type {ftype!r}", fid)
    validation = merged.get("validation")
    if validation is not None and validation not in VALIDATORS:
        raise FormError(file, f"unknown validation {validation!r}", fid)
    raw_options = merged.get("options")
    options: tuple[Option, ...] = ()
    if isinstance(raw_options, str):
        if raw_options not in glossary.option_sets:
            raise FormError(file, f"unknown option set {raw_options!r}", fid)
        options = glossary.option_sets[raw_options]
    elif isinstance(raw_options, list):
        options = tuple(Option(str(o["value"]), _texts(o.get("label"), file, fid, "option"))
                        for o in raw_options if isinstance(o, dict) and "value" in o)
    if ftype == "choice" and not options:
        raise FormError(file, "a choice field needs options", fid)
    if in_list:
        path = fid
    else:
        path = merged.get("path")
        if not isinstance(path, str):
            raise FormError(file, "a field needs a path", fid)
        reason = checker.check(path, subject=False, item_over=over)
        if reason is not None:
            raise FormError(file, reason, fid)
    if merged.get("show_if") is not None:
        _check_condition(merged["show_if"], file, fid, checker, over)
    item_fields: tuple[IntakeField, ...] = ()
    if ftype == "list":
        raw_items = merged.get("item_fields")
        if not isinstance(raw_items, list) or not raw_items:
            raise FormError(file, "a list field needs item_fields", fid)
        item_fields = tuple(_field(r, file, glossary, checker, None, True) for r in raw_items)
    return IntakeField(
        fid, path, _texts(merged.get("label"), file, fid, "label"), ftype,
        bool(merged.get("required", False)), validation, options, merged.get("show_if"),
        _texts(merged["help"], file, fid, "help") if merged.get("help") is not None else None,
        item_fields)


def step_items(step: IntakeStep, household: dict[str, Any]) -> list[Item]:
    """The blocks a repeated step shows (children, persons …), filtered by its ``where``;
    ``[]`` for a step that does not repeat."""
    if step.repeat_over is None:
        return []
    items = collection(household, step.repeat_over)
    if step.repeat_where is None:
        return items
    return [i for i in items if _holds(step.repeat_where, household, i)]


def field_path(fld: IntakeField, item: Item | None = None) -> str:
    """The concrete household path of ``fld`` (for ``@`` paths, inside ``item``)."""
    if fld.path.startswith("@"):
        if item is None:
            raise ValueError(f"field {fld.id} needs the item of its repeated step")
        return item.path + fld.path[1:]
    return fld.path


def _holds(cond: dict[str, Any] | None, household: dict[str, Any], item: Item | None) -> bool:
    def resolve(ref: str, name: str) -> Any:
        if name.startswith("@"):
            return get_value(item.data if item else None, "$" + name[1:])
        return get_value(household, name)

    return evaluate(cond, resolve)


def step_visible(step: IntakeStep, household: dict[str, Any]) -> bool:
    return _holds(step.show_if, household, None)


def visible_intake_fields(step: IntakeStep, household: dict[str, Any],
                          item: Item | None = None) -> list[IntakeField]:
    """The fields of ``step`` (for ``item``) whose ``show_if`` holds now."""
    return [f for f in step.fields if _holds(f.show_if, household, item)]


def read_field(household: dict[str, Any], fld: IntakeField, item: Item | None = None) -> Any:
    return get_value(household, field_path(fld, item))


def check_intake_value(fld: IntakeField, value: Any) -> str | None:
    """Typing-time check: ``None`` or a message key (see ``field_message``)."""
    if fld.type == "list":
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
            return "form.type"
        for entry in value:
            for sub in fld.item_fields:
                key = check_value(sub.type, sub.validation, sub.option_values(),
                                  entry.get(sub.path))
                if key is not None:
                    return key
        return None
    return check_value(fld.type, fld.validation, fld.option_values(), value)


def write_field(household: dict[str, Any], fld: IntakeField, value: Any,
                item: Item | None = None) -> str | None:
    """Check ``value`` (typed text or a typed value), normalise it and write it into the
    household; returns ``None`` when written, else the message key (nothing written).
    An empty value writes ``None`` (the field becomes unknown again)."""
    key = check_intake_value(fld, value)
    if key is not None:
        return key
    if fld.type == "list":
        clean = [{sub.path: coerce(sub.type, sub.validation, sub.option_values(),
                                   entry.get(sub.path)) for sub in fld.item_fields}
                 for entry in (value or [])]
        set_path(household, field_path(fld, item), clean)
        return None
    typed = coerce(fld.type, fld.validation, fld.option_values(), value)
    set_path(household, field_path(fld, item), typed)
    return None


def intake_missing(intake: Intake, household: dict[str, Any],
                   lang: str = "de") -> list[Missing]:
    """Required intake fields still empty, with the concrete household path to fill."""
    out: list[Missing] = []
    for step in intake.steps:
        if not step_visible(step, household):
            continue
        if step.optional_object and get_value(household, step.optional_object) is None:
            continue
        blocks: list[Item | None] = (list(step_items(step, household))
                                     if step.repeat_over else [None])
        for item in blocks:
            for fld in visible_intake_fields(step, household, item):
                if not fld.required:
                    continue
                value = read_field(household, fld, item)
                if value is None or value == "" or value == []:
                    label = text_in(fld.label, lang)
                    if item is not None and item.name:
                        label = f"{label} ({item.name})"
                    out.append(Missing("field", f"{step.id}.{fld.id}", label,
                                       field_path(fld, item)))
    return out


def add_item(household: dict[str, Any], step: IntakeStep) -> Item:
    """Append a new item (a child, a person …) to the list a repeated step edits and return
    it; the household's factories fill in a fresh id and empty fields."""
    over = step.repeat_over
    if over is None or over in COLLECTIONS:
        raise ValueError(f"step {step.id} does not edit a list of its own")
    items = get_value(household, over)
    index = len(items) if isinstance(items, list) else 0
    segments = parse_path(over)
    key = next((s for s in reversed(segments) if isinstance(s, str)), "")
    factory = ITEM_FACTORIES.get(key + "[]")
    set_path(household, f"{over}[{index}]", factory(household, key) if factory else {})
    return collection(household, over)[index]


def add_object(household: dict[str, Any], step: IntakeStep) -> None:
    """Create the optional object of a step (the partner) if it is not there."""
    if step.optional_object is None:
        raise ValueError(f"step {step.id} has no optional object")
    if get_value(household, step.optional_object) is None:
        segments = parse_path(step.optional_object)
        key = str(segments[-1])
        factory = ITEM_FACTORIES.get(key)
        set_path(household, step.optional_object, factory(household, key) if factory else {})


def person_options(household: dict[str, Any]) -> list[tuple[str, str]]:
    """(id, name) of every household member, for ``person_ref`` fields."""
    return [(m.id, m.name or m.id) for m in members(household, living_only=False)]
