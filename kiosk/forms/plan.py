"""A form compiled once for walking: per field a value getter with its path parsed, its
conditions as Python functions, its check-and-coerce step with a memo by text, and how
its concrete household path is formed.

The walker (:class:`kiosk.forms.scope.Walker`) runs these over one household, answers
and subject; projection and completeness read the walk. Compiling changes no result: the
getters follow ``get_value``, conditions follow :func:`kiosk.forms.conditions.evaluate`
(conditions outside the grammar are left to it), values go through ``check_value`` and
``coerce_checked``.

Kept because tests/benchmarks/test_bench_forms.py (claims overview, p99 target 5 ms;
1.9-2.5 ms with all of them, CPU time of the thread) misses or nears its target without
them: the plan kept per form object (``plan_of``): p99 46 ms without; the memo of check
results per field (``FieldPlan.memo``): 4.5-6.0 ms without; conditions compiled to Python
functions and the getters made per path (``path_getter``): each alone within run-to-run
noise (at most +0.5 ms), both together 3.5 ms without, 4.3 ms when the household's fast
schema check (kiosk.model.fastschema) goes as well.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import date
from typing import Any

from kiosk.forms.conditions import Compiled, compile_condition, evaluate
from kiosk.forms.definition import Document, Field, Form, Section
from kiosk.forms.fieldtypes import TYPES, check_value, coerce_checked
from kiosk.model.paths import PathError, parse_path

#: ``raw(walker, item)``: the value a field reads; ``path(walker, item)``: its concrete
#: household path; ``accept(raw)``: ``(problem, value)``.
Getter = Callable[[Any, Any], Any]

_MEMO_MAX = 512


class FieldPlan:
    """``accept(raw)`` gives ``(problem, value)`` for a non-empty raw value; ``memo`` holds
    its results for text by the text (``None`` where they depend on the day)."""

    __slots__ = ("accept", "field", "id", "memo", "path", "raw", "section", "show_if")

    def __init__(self, fld: Field, section: Section) -> None:
        self.id = fld.id
        self.field = fld
        self.section = section
        self.show_if = _condition(fld.show_if)
        self.raw = _raw_getter(fld)
        self.path = _path_maker(fld)
        self.accept, self.memo = _acceptor(fld)


class SectionPlan:
    """``nothing``: every field id with ``None`` (the values of a hidden section)."""

    __slots__ = ("fields", "nothing", "repeat_over", "repeat_where", "section", "show_if")

    def __init__(self, section: Section) -> None:
        self.section = section
        self.show_if = _condition(section.show_if)
        self.repeat_over = section.repeat.over if section.repeat is not None else None
        self.repeat_where = _condition(section.repeat.where) \
            if section.repeat is not None else None
        self.fields = tuple(FieldPlan(fld, section) for fld in section.fields)
        self.nothing: dict[str, None] = {fp.id: None for fp in self.fields}


class DocumentPlan:
    __slots__ = ("document", "when", "where")

    def __init__(self, document: Document) -> None:
        self.document = document
        self.when = _condition(document.when)
        self.where = _condition(document.where)


class FormPlan:
    """``subject_where`` and ``kind_wheres`` (one per kind) are functions of
    ``(child data, household, today)``, as ``subjects`` evaluates them."""

    __slots__ = ("documents", "kind_wheres", "sections", "string_keys", "subject_where")

    def __init__(self, form: Form) -> None:
        self.subject_where = _subject_condition(form.subject_where)
        self.kind_wheres = tuple(_subject_condition(kind.where) for kind in form.kinds)
        self.sections = tuple(SectionPlan(section) for section in form.sections)
        self.documents = tuple(DocumentPlan(document) for document in form.documents)
        #: Whether every key a claim of this form can hold is a string.
        self.string_keys = all(isinstance(k, str) for k in (form.id, form.version)) and all(
            isinstance(section.id, str) and all(isinstance(f.id, str) for f in section.fields)
            for section in form.sections)


_PLANS: dict[int, tuple[weakref.ref[Form], FormPlan]] = {}


def plan_of(form: Form) -> FormPlan:
    """The compiled plan of ``form`` (built on first use, kept while the form lives)."""
    key = id(form)
    entry = _PLANS.get(key)
    if entry is not None and entry[0]() is form:
        return entry[1]
    plan = FormPlan(form)

    def forget(ref: weakref.ref[Form], key: int = key) -> None:
        current = _PLANS.get(key)
        if current is not None and current[0] is ref:
            del _PLANS[key]

    _PLANS[key] = (weakref.ref(form, forget), plan)
    return plan


# --- values -----------------------------------------------------------------------------

def _walker_of(segments: tuple[Any, ...]) -> Callable[[Any], Any]:
    """``get_value(node, path)`` for the parsed ``segments`` of a path."""
    if not segments:
        return lambda node: node
    if len(segments) == 1 and isinstance(segments[0], str):
        only = segments[0]
        return lambda node: node.get(only) if isinstance(node, dict) else None
    if len(segments) == 2 and all(isinstance(s, str) for s in segments):
        first, second = segments

        def two(node: Any) -> Any:
            if not isinstance(node, dict):
                return None
            node = node.get(first)
            return node.get(second) if isinstance(node, dict) else None

        return two

    def walk(node: Any) -> Any:
        for seg in segments:
            if isinstance(seg, int):
                if not isinstance(node, list) or seg >= len(node):
                    return None
                node = node[seg]
            elif not isinstance(node, dict):
                return None
            else:
                node = node.get(seg)
        return node

    return walk


def _none(*_args: Any) -> Any:
    return None


def path_getter(path: str) -> Getter:
    """``walker.resolve_path(path, item)`` as a function of ``(walker, item)``."""
    if path == "$kind":
        return lambda w, item: w.kind
    if path.startswith("$subject"):
        rest, root = "$" + path[len("$subject"):], "subject"
    elif path.startswith("@"):
        rest, root = "$" + path[1:], "item"
    else:
        rest, root = path, "household"
    try:
        segments = tuple(parse_path(rest))
    except PathError:
        return _none
    keys = segments if all(isinstance(s, str) for s in segments) else ()
    if root == "household":
        # The walker's household is always a dict.
        if len(keys) == 1:
            key = keys[0]
            return lambda w, item: w.household.get(key)
        if len(keys) == 2:
            first, second = keys

            def household_two(w: Any, item: Any) -> Any:
                node = w.household.get(first)
                return node.get(second) if isinstance(node, dict) else None

            return household_two
        walk = _walker_of(segments)
        return lambda w, item: walk(w.household)
    if len(keys) == 1:
        key = keys[0]
        if root == "subject":
            def subject_one(w: Any, item: Any) -> Any:
                node = w.child
                return node.get(key) if isinstance(node, dict) else None

            return subject_one

        def item_one(w: Any, item: Any) -> Any:
            node = item.data if item else None
            return node.get(key) if isinstance(node, dict) else None

        return item_one
    walk = _walker_of(segments)
    if root == "subject":
        return lambda w, item: walk(w.child)
    return lambda w, item: walk(item.data if item else None)


def _raw_getter(fld: Field) -> Getter:
    if not fld.is_answer:
        return path_getter(fld.source)
    field_id = fld.id

    def answer(w: Any, item: Any) -> Any:
        raw = w.answers.get(field_id)
        if item is not None:
            return raw.get(item.id) if isinstance(raw, dict) else None
        return raw

    return answer


def _path_maker(fld: Field) -> Getter:
    """``walker.concrete_path(source, item)`` (``None`` for answers)."""
    if fld.is_answer:
        return _none
    source = fld.source
    if source.startswith("@"):
        suffix = source[1:]
        return lambda w, item: item.path + suffix if item is not None else source
    if source.startswith("$subject"):
        tail = source[len("$subject"):]
        return lambda w, item: None if w._subject_path is None else w._subject_path + tail
    return lambda w, item: source


def _acceptor(fld: Field) -> tuple[Callable[[Any], tuple[str | None, Any]],
                                   dict[str, tuple[str | None, Any]] | None]:
    """``accept(raw)``: ``(problem, value)`` for a non-empty raw value: the message key
    when it is not acceptable, else the claim value (``None`` when it coerces to nothing).
    Results for text are remembered (the checks are pure; birth dates per day, as "not in
    the future" depends on it); the memo by text is returned for the walker's fast path."""
    ftype, validation, options = fld.type, fld.validation, fld.option_values()
    dated = (validation or TYPES.get(ftype)) == "birth_date"
    memo: dict[Any, tuple[str | None, Any]] = {}

    def accept(raw: Any) -> tuple[str | None, Any]:
        key: Any = None
        if raw.__class__ is str:
            key = (raw, date.today()) if dated else raw
            hit = memo.get(key)
            if hit is not None:
                return hit
        problem = check_value(ftype, validation, options, raw)
        value = None
        if problem is None:
            value = coerce_checked(ftype, validation, raw)
            if value == "" or value == [] or value == {}:
                value = None
        result = (problem, value)
        if key is not None:
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            memo[key] = result
        return result

    return accept, (None if dated else memo)


# --- conditions -------------------------------------------------------------------------

def _leaf(ref: str, name: str) -> Compiled:
    if ref == "field":
        return lambda w, item, values: values.get(name)
    if ref == "path":
        get = path_getter(name)
        return lambda w, item, values: get(w, item)
    return _none


def _today(w: Any, _item: Any, _values: Any) -> date | None:
    return w.today


def _condition(cond: Any) -> Compiled | None:
    """``walker.holds(cond, item, values)`` as a function of ``(walker, item, values)``;
    ``None`` for no condition."""
    if cond is None:
        return None
    try:
        return compile_condition(cond, _leaf, _today)
    except Exception:  # noqa: BLE001 - outside the grammar: the interpreter decides
        return lambda w, item, values: w.evaluate(cond, item, values)


def _subject_leaf(ref: str, name: str) -> Compiled:
    """What ``subjects`` resolves: ``$subject…`` in the child, ``$.…`` in the household."""
    if ref != "path" or not name.startswith(("$subject", "$.")):
        return _none
    rest = "$" + name[len("$subject"):] if name.startswith("$subject") else name
    try:
        walk = _walker_of(tuple(parse_path(rest)))
    except PathError:
        return _none
    if name.startswith("$subject"):
        return lambda child, doc, today: walk(child)
    return lambda child, doc, today: walk(doc)


def _subject_today(_child: Any, _doc: Any, today: Any) -> date | None:
    return today


def _subject_condition(cond: Any) -> Compiled | None:
    """``evaluate(cond, resolve, today)`` of ``subjects`` as a function of
    ``(child data, household, today)``; ``None`` for no condition."""
    if cond is None:
        return None
    try:
        return compile_condition(cond, _subject_leaf, _subject_today)
    except Exception:  # noqa: BLE001 - outside the grammar: the interpreter decides
        def interpreted(child: Any, doc: Any, today: Any) -> bool:
            def resolve(ref: str, name: str) -> Any:
                return _subject_leaf(ref, name)(child, doc, today)

            return evaluate(cond, resolve, today)

        return interpreted
