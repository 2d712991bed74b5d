"""Walking a form over one household, answers and subject: every field with its value
and whether it is shown. Projection, completeness and the UI all read these slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from kiosk.forms.conditions import evaluate
from kiosk.forms.definition import Field, Form, Section, text_in
from kiosk.forms.fieldtypes import check_value, coerce_checked
from kiosk.model.household import Member, adults, children, members
from kiosk.model.paths import PathError, parse_path


class Slot(NamedTuple):
    """One field as it stands for this claim.

    ``key`` is the field id, or ``field_id[item_id]`` inside a repeated section; ``value``
    is what the claim carries (``None`` when empty, hidden or not acceptable); ``problem``
    is the message key when a value is there but not acceptable; ``path`` the concrete
    household path the value comes from (``None`` for answers). (A NamedTuple: a claim
    walk creates hundreds of these.)
    """

    key: str
    section: Section
    field: Field
    item_id: str | None
    item_name: str
    value: Any
    visible: bool
    problem: str | None
    path: str | None


@dataclass(frozen=True)
class Item:
    id: str
    data: Any
    name: str
    path: str


class SubjectError(ValueError):
    """A subject that does not fit the form (unknown child, kind, or wrong shape)."""


@lru_cache(maxsize=4096)
def _segments(path: str) -> tuple[Any, ...]:
    return tuple(parse_path(path))


def get_value(doc: Any, path: str) -> Any:
    """The value at a (cached, parsed) path; ``None`` when absent or unparsable."""
    try:
        segments = _segments(path)
    except PathError:
        return None
    node = doc
    for seg in segments:
        if isinstance(seg, int):
            if not isinstance(node, list) or seg >= len(node):
                return None
        elif not isinstance(node, dict):
            return None
        else:
            node = node.get(seg)
            continue
        node = node[seg]
    return node


def _item_of(member: Member) -> Item:
    return Item(member.id, member.data, member.name, member.path)


def collection(household: dict[str, Any], over: str) -> list[Item]:
    """The items a repeated section or per-item document runs over."""
    if over == "$children":
        return [_item_of(m) for m in children(household)]
    if over == "$members":
        return [_item_of(m) for m in members(household)]
    if over == "$adults":
        return [_item_of(m) for m in adults(household)]
    if over == "$other_members":
        return [_item_of(m) for m in members(household) if m.role == "member"]
    items = get_value(household, over)
    if not isinstance(items, list):
        return []
    out = []
    for index, data in enumerate(items):
        item_id = data.get("id") if isinstance(data, dict) else None
        name = ""
        if isinstance(data, dict):
            parts = (data.get("given_names"), data.get("family_name"))
            name = " ".join(p for p in parts if isinstance(p, str) and p).strip()
        out.append(Item(str(item_id) if isinstance(item_id, str) else str(index), data,
                        name, f"{over}[{index}]"))
    return out


def split_subject(form: Form, household: dict[str, Any],
                  subject: str | None) -> tuple[dict[str, Any] | None, str | None]:
    """The subject child's data and the kind; raises :class:`SubjectError`."""
    if form.per_subject == "household":
        if subject not in (None, "", "household"):
            raise SubjectError(f"form {form.id} is per household, got subject {subject!r}")
        return None, None
    if not isinstance(subject, str) or not subject:
        raise SubjectError(f"form {form.id} needs a subject (a child id)")
    kind = None
    child_id = subject
    if form.per_subject == "child_and_kind":
        # "c1:lunch" is one claim; a bare "c1" asks about the child's claims in general
        # (hints are per child): kind-specific sections and documents then stay hidden.
        child_id, sep, kind_id = subject.partition(":")
        kind = kind_id if sep else None
        if sep and kind_id not in {k.id for k in form.kinds}:
            raise SubjectError(f"form {form.id}: unknown kind in subject {subject!r}")
    for member in children(household, living_only=False):
        if member.id == child_id:
            return member.data, kind
    raise SubjectError(f"form {form.id}: no child {child_id!r} in the household")


class Walker:
    """Evaluates one form for one household/answers/subject."""

    def __init__(self, form: Form, household: Any, answers: Any, subject: str | None,
                 today: date | None = None) -> None:
        self.form = form
        self.household = household if isinstance(household, dict) else {}
        self.answers = answers if isinstance(answers, dict) else {}
        self.child, self.kind = split_subject(form, self.household, subject)
        self.today = today
        self.subject = subject if form.per_subject != "household" else None
        self._subject_path = next(
            (m.path for m in children(self.household, living_only=False)
             if m.data is self.child), None) if self.child is not None else None

    def resolve_path(self, path: str, item: Item | None) -> Any:
        if path == "$kind":
            return self.kind
        if path.startswith("$subject"):
            return get_value(self.child, "$" + path[len("$subject"):])
        if path.startswith("@"):
            return get_value(item.data if item else None, "$" + path[1:])
        return get_value(self.household, path)

    def concrete_path(self, path: str, item: Item | None) -> str | None:
        if path.startswith("@") and item is not None:
            return item.path + path[1:]
        if path.startswith("$subject"):
            if self._subject_path is None:
                return None
            return self._subject_path + path[len("$subject"):]
        return path

    def holds(self, cond: dict[str, Any] | None, item: Item | None,
              values: dict[str, Any]) -> bool:
        if cond is None:
            return True

        def resolve(ref: str, name: str) -> Any:
            if ref == "field":
                return values.get(name)
            if ref == "path":
                return self.resolve_path(name, item)
            return None

        return evaluate(cond, resolve, self.today)

    def _raw(self, fld: Field, item: Item | None) -> Any:
        if fld.is_answer:
            raw = self.answers.get(fld.id)
            if item is not None:
                return raw.get(item.id) if isinstance(raw, dict) else None
            return raw
        return self.resolve_path(fld.source, item)

    def slots(self) -> list[Slot]:
        out: list[Slot] = []
        top: dict[str, Any] = {}
        for section in self.form.sections:
            shown = self.holds(section.show_if, None, top)
            if section.repeat is None:
                for slot in self._fields(section, None, top, shown):
                    out.append(slot)
                continue
            for item in collection(self.household, section.repeat.over):
                if section.repeat.where is not None and not self.holds(
                        section.repeat.where, item, {}):
                    continue
                local = dict(top)
                out.extend(self._fields(section, item, local, shown))
        return out

    def _fields(self, section: Section, item: Item | None, values: dict[str, Any],
                shown: bool) -> list[Slot]:
        out = []
        for fld in section.fields:
            visible = shown and self.holds(fld.show_if, item, values)
            raw = self._raw(fld, item) if visible else None
            problem = None
            value = None
            if visible and raw is not None and raw != "":
                problem = check_value(fld.type, fld.validation, fld.option_values(), raw)
                if problem is None:
                    value = coerce_checked(fld.type, fld.validation, raw)
                    if value == "" or value == [] or value == {}:
                        value = None
            values[fld.id] = value
            key = fld.id if item is None else f"{fld.id}[{item.id}]"
            path = None if fld.is_answer else self.concrete_path(fld.source, item)
            out.append(Slot(key, section, fld, item.id if item else None,
                            item.name if item else "", value, visible, problem, path))
        return out


def slot_label(slot: Slot, lang: str) -> str:
    """The field label in ``lang``, with the person it is about for repeated sections."""
    label = text_in(slot.field.label, lang)
    return f"{label} ({slot.item_name})" if slot.item_name else label
