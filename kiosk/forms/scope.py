"""Walking a form over one household, answers and subject: every field with its value
and whether it is shown. Projection, completeness and the UI all read these slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from kiosk.forms.conditions import evaluate
from kiosk.forms.definition import Field, Form, Section, text_in
from kiosk.forms.plan import FieldPlan, SectionPlan, plan_of
from kiosk.model.household import Member, children, members
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


def get_value(doc: Any, path: str) -> Any:
    """The value at a path; ``None`` when absent or unparsable."""
    try:
        segments = parse_path(path)
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
    # Item(...) without the frozen dataclass's per-field object.__setattr__: same object.
    item = object.__new__(Item)
    item.__dict__.update(id=member.id, data=member.data, name=member.name, path=member.path)
    return item


#: The virtual collections and which roles (of the persons living in the household)
#: they hold.
_VIRTUAL: dict[str, tuple[str, ...]] = {
    "$children": ("child",),
    "$members": ("applicant", "partner", "child", "member"),
    "$adults": ("applicant", "partner"),
    "$other_members": ("member",),
}


def collection(household: dict[str, Any], over: str) -> list[Item]:
    """The items a repeated section or per-item document runs over."""
    return _collection(household, over, None)


def _collection(household: dict[str, Any], over: str,
                everyone: list[Member] | None) -> list[Item]:
    """:func:`collection`, given everyone in the household (``members(…, False)``) where
    the caller has it already."""
    if over in ("$children", "$members", "$adults", "$other_members"):
        if everyone is None:
            everyone = members(household, living_only=False)
        living = [m for m in everyone if m.lives_in_household]
        if over == "$children":
            return [_item_of(m) for m in living if m.role == "child"]
        if over == "$members":
            return [_item_of(m) for m in living]
        if over == "$adults":
            return [_item_of(m) for m in living if m.role in ("applicant", "partner")]
        return [_item_of(m) for m in living if m.role == "member"]
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
    return _split_subject(form, subject, children(household, living_only=False))


def _split_subject(form: Form, subject: str | None, all_children: list[Member]
                   ) -> tuple[dict[str, Any] | None, str | None]:
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
    for member in all_children:
        if member.id == child_id:
            return member.data, kind
    raise SubjectError(f"form {form.id}: no child {child_id!r} in the household")


class HouseholdView:
    """The persons of one household and the collections forms repeat over, worked out
    once. Valid only while the household is not changed: a walker makes its own; the
    claims overview shares one across the claims of one call."""

    def __init__(self, household: Any) -> None:
        self.household = household if isinstance(household, dict) else {}
        self.everyone = members(self.household, living_only=False)
        self.all_children = [m for m in self.everyone if m.role == "child"]
        self._collections: dict[str, list[Item]] = {}
        self._living: list[tuple[str, Item]] | None = None

    def collection(self, over: str) -> list[Item]:
        found = self._collections.get(over)
        if found is None:
            roles = _VIRTUAL.get(over)
            if roles is None:
                found = _collection(self.household, over, self.everyone)
            else:
                if self._living is None:  # one Item per person, shared by collections
                    self._living = [(m.role, _item_of(m)) for m in self.everyone
                                    if m.lives_in_household]
                found = [item for role, item in self._living if role in roles]
            self._collections[over] = found
        return found


class Walker:
    """Evaluates one form for one household/answers/subject.

    The form's compiled plan (:mod:`kiosk.forms.plan`) does the per-field work; the
    household's persons are enumerated once per walk (or taken from ``view``, a
    :class:`HouseholdView` of this very household)."""

    def __init__(self, form: Form, household: Any, answers: Any, subject: str | None,
                 today: date | None = None, view: HouseholdView | None = None) -> None:
        if view is None or view.household is not household:
            view = HouseholdView(household)
        self.form = form
        self.household = view.household
        self.answers = answers if isinstance(answers, dict) else {}
        self._view = view
        self.child, self.kind = _split_subject(form, subject, view.all_children)
        self.today = today
        self.subject = subject if form.per_subject != "household" else None
        self._subject_path = next(
            (m.path for m in view.all_children if m.data is self.child), None) \
            if self.child is not None else None
        self.values: dict[str, Any] = {}

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
        return self.evaluate(cond, item, values)

    def evaluate(self, cond: dict[str, Any] | None, item: Item | None,
                 values: dict[str, Any]) -> bool:
        """:meth:`holds` through the condition interpreter (for conditions outside the
        grammar, which the compiler leaves alone)."""

        def resolve(ref: str, name: str) -> Any:
            if ref == "field":
                return values.get(name)
            if ref == "path":
                return self.resolve_path(name, item)
            return None

        return evaluate(cond, resolve, self.today)

    def collection(self, over: str) -> list[Item]:
        """:func:`collection` of this walk's household, worked out once per walk."""
        return self._view.collection(over)

    def walk(self, hidden: bool = True) -> list[Block]:
        """The form's sections in order, one block per shown item of a repeated section,
        each with its fields as ``(field plan, visible, value, problem)``; without
        ``hidden`` the fields not shown are left out (they carry nothing). Afterwards
        ``self.values`` holds the values of the fields outside repeated sections."""
        out: list[Block] = []
        top: dict[str, Any] = {}
        self.values = top
        for section in plan_of(self.form).sections:
            shown = section.show_if is None or bool(section.show_if(self, None, top))
            if section.repeat_over is None:
                out.append((section, None,
                            self._fields(section, None, top, shown, hidden)))
                continue
            where = section.repeat_where
            for item in self.collection(section.repeat_over):
                if where is not None and not where(self, item, {}):
                    continue
                out.append((section, item,
                            self._fields(section, item, dict(top), shown, hidden)))
        return out

    def _fields(self, section: SectionPlan, item: Item | None, values: dict[str, Any],
                shown: bool, hidden: bool) -> list[Entry]:
        out: list[Entry] = []
        if not shown:
            values.update(section.nothing)  # every field None
            if hidden:
                out += [(fp, False, None, None) for fp in section.fields]
            return out
        append = out.append
        for fp in section.fields:
            cond = fp.show_if
            if cond is not None and not cond(self, item, values):
                values[fp.id] = None
                if hidden:
                    append((fp, False, None, None))
                continue
            raw = fp.raw(self, item)
            if raw is None or raw == "":
                values[fp.id] = None
                append((fp, True, None, None))
                continue
            memo = fp.memo
            hit = memo.get(raw) if memo is not None and raw.__class__ is str else None
            problem, value = hit if hit is not None else fp.accept(raw)
            values[fp.id] = value
            append((fp, True, value, problem))
        return out

    def slots(self) -> list[Slot]:
        out: list[Slot] = []
        new = tuple.__new__
        for _section, item, entries in self.walk():
            if item is None:
                for fp, visible, value, problem in entries:
                    out.append(new(Slot, (fp.id, fp.section, fp.field, None, "", value,
                                          visible, problem, fp.path(self, None))))
                continue
            for fp, visible, value, problem in entries:
                out.append(new(Slot, (f"{fp.id}[{item.id}]", fp.section, fp.field, item.id,
                                      item.name, value, visible, problem,
                                      fp.path(self, item))))
        return out


#: One field of a walk: ``(field plan, visible, value, problem)``.
Entry = tuple[FieldPlan, bool, Any, "str | None"]
#: One section (or one item of a repeated section) of a walk.
Block = tuple[SectionPlan, "Item | None", list[Entry]]


def slot_label(slot: Slot, lang: str) -> str:
    """The field label in ``lang``, with the person it is about for repeated sections."""
    label = text_in(slot.field.label, lang)
    return f"{label} ({slot.item_name})" if slot.item_name else label
