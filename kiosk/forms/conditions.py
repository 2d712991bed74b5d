"""Conditions as data (``show_if``, document ``when``, subject filters, eligibility rules).

Grammar (one small evaluator shared by forms, intake and eligibility)::

    cond := {"all": [cond, ...]} | {"any": [cond, ...]} | {"not": cond}
          | {<ref>: name, <op>: operand}
    ref  := "field" (a field id of the form) | "path" (a household path: $…, $subject…,
            @…, $kind) | "fact" (an eligibility fact)
    op   := equals | not_equals | in | not_in | present (true/false) | gt | gte | lt | lte
          | age_lt | age_gte (operand in years; the value is an ISO birth date)
          | contains | contains_any | contains_none (the value is a list or set)

A value that is unknown (``None``) makes every comparison false except ``present: false``,
``not_equals`` and ``not_in``; so a rule that needs a fact does not fire until it is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

REFS = ("field", "path", "fact")
OPS = ("equals", "not_equals", "in", "not_in", "present", "gt", "gte", "lt", "lte",
       "age_lt", "age_gte", "contains", "contains_any", "contains_none")

Resolver = Callable[[str, str], Any]


class ConditionError(ValueError):
    """A condition that does not follow the grammar; the message says why."""


def check_condition(cond: Any, allowed_refs: tuple[str, ...] = REFS) -> list[tuple[str, str]]:
    """The references ``(ref, name)`` used by ``cond``; raises :class:`ConditionError`."""
    refs: list[tuple[str, str]] = []
    for ref, name, _op, _operand in _leaves(cond, allowed_refs):
        refs.append((ref, name))
    return refs


def _leaves(cond: Any, allowed: tuple[str, ...]) -> Iterator[tuple[str, str, str, Any]]:
    if not isinstance(cond, dict) or not cond:
        raise ConditionError(f"a condition must be a non-empty mapping, got {cond!r}")
    if "all" in cond or "any" in cond:
        key = "all" if "all" in cond else "any"
        if len(cond) != 1 or not isinstance(cond[key], list) or not cond[key]:
            raise ConditionError(f"'{key}' takes a non-empty list and nothing beside it")
        for sub in cond[key]:
            yield from _leaves(sub, allowed)
        return
    if "not" in cond:
        if len(cond) != 1:
            raise ConditionError("'not' takes one condition and nothing beside it")
        yield from _leaves(cond["not"], allowed)
        return
    refs = [r for r in REFS if r in cond]
    ops = [o for o in OPS if o in cond]
    unknown = sorted(set(cond) - set(REFS) - set(OPS))
    if unknown:
        raise ConditionError(f"unknown key(s) {', '.join(unknown)} in condition")
    if len(refs) != 1 or len(ops) != 1:
        raise ConditionError(
            "a condition names exactly one of field/path/fact and exactly one operator")
    ref, op = refs[0], ops[0]
    if ref not in allowed:
        raise ConditionError(f"'{ref}' is not allowed here (allowed: {', '.join(allowed)})")
    if not isinstance(cond[ref], str) or not cond[ref]:
        raise ConditionError(f"'{ref}' must name something")
    operand = cond[op]
    if op in ("in", "not_in", "contains_any", "contains_none") and not isinstance(operand, list):
        raise ConditionError(f"'{op}' takes a list")
    if op == "present" and not isinstance(operand, bool):
        raise ConditionError("'present' takes true or false")
    if op in ("gt", "gte", "lt", "lte", "age_lt", "age_gte") and (
            not isinstance(operand, int) or isinstance(operand, bool)):
        raise ConditionError(f"'{op}' takes a whole number")
    yield ref, cond[ref], op, operand


def evaluate(cond: dict[str, Any] | None, resolve: Resolver, today: date | None = None) -> bool:
    """Whether ``cond`` holds; ``None`` (no condition) holds. ``resolve(ref, name)`` gives
    the value a leaf talks about. Assumes ``cond`` passed :func:`check_condition`."""
    if cond is None:
        return True
    if "all" in cond:
        return all(evaluate(sub, resolve, today) for sub in cond["all"])
    if "any" in cond:
        return any(evaluate(sub, resolve, today) for sub in cond["any"])
    if "not" in cond:
        return not evaluate(cond["not"], resolve, today)
    ref = next(r for r in REFS if r in cond)
    op = next(o for o in OPS if o in cond)
    return _apply(op, resolve(ref, cond[ref]), cond[op], today)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _apply(op: str, value: Any, operand: Any, today: date | None) -> bool:
    if op == "present":
        return _present(value) is operand
    if op == "not_equals":
        return value != operand
    if op == "not_in":
        return value not in operand
    if op == "equals":
        return value == operand
    if op == "in":
        return value in operand
    if op in ("contains", "contains_any", "contains_none"):
        items = set(value) if isinstance(value, list | set | tuple | frozenset) else set()
        if op == "contains":
            return operand in items
        hit = any(o in items for o in operand)
        return hit if op == "contains_any" else not hit
    if op in ("age_lt", "age_gte"):
        age = _age(value, today or date.today())
        if age is None:
            return False
        return age < operand if op == "age_lt" else age >= operand
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return {"gt": value > operand, "gte": value >= operand,
            "lt": value < operand, "lte": value <= operand}[op]


def _age(value: Any, on: date) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # an age already
    if not isinstance(value, str):
        return None
    try:
        born = date.fromisoformat(value)
    except ValueError:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


#: A compiled condition or value getter over one context of three values (for the form
#: walker: the walker, the item of a repeated section or ``None``, the field values).
Compiled = Callable[[Any, Any, Any], Any]


def compile_condition(cond: Any, leaf: Callable[[str, str], Compiled],
                      today: Compiled) -> Compiled | None:
    """``cond`` as one Python function of a context ``(a, b, c)``, which gives the same
    result as :func:`evaluate` with ``resolve(ref, name) == leaf(ref, name)(a, b, c)`` and
    ``today(a, b, c)``; ``None`` when ``cond`` is ``None``. A condition that does not
    follow the grammar raises :class:`ConditionError` (callers then use ``evaluate``)."""
    if cond is None:
        return None
    check_condition(cond)
    return _compile(cond, leaf, today)


def _compile(cond: dict[str, Any], leaf: Callable[[str, str], Compiled],
             today: Compiled) -> Compiled:
    if "all" in cond or "any" in cond:
        subs = tuple(_compile(sub, leaf, today) for sub in cond.get("all") or cond["any"])
        if len(subs) == 1:
            return subs[0]
        if "all" in cond:
            def all_of(a: Any, b: Any, c: Any) -> bool:
                for sub in subs:
                    if not sub(a, b, c):
                        return False
                return True
            return all_of

        def any_of(a: Any, b: Any, c: Any) -> bool:
            for sub in subs:
                if sub(a, b, c):
                    return True
            return False
        return any_of
    if "not" in cond:
        inner = _compile(cond["not"], leaf, today)
        return lambda a, b, c: not inner(a, b, c)
    ref = next(r for r in REFS if r in cond)
    op = next(o for o in OPS if o in cond)
    get = leaf(ref, cond[ref])
    operand = cond[op]
    if op == "present":
        if operand:
            return lambda a, b, c: _present(get(a, b, c))
        return lambda a, b, c: not _present(get(a, b, c))
    if op == "equals":
        return lambda a, b, c: bool(get(a, b, c) == operand)
    if op == "not_equals":
        return lambda a, b, c: bool(get(a, b, c) != operand)
    if op == "in":
        return lambda a, b, c: get(a, b, c) in operand
    if op == "not_in":
        return lambda a, b, c: get(a, b, c) not in operand
    if op in ("age_lt", "age_gte"):
        return lambda a, b, c: _apply(op, get(a, b, c), operand, today(a, b, c))
    return lambda a, b, c: _apply(op, get(a, b, c), operand, None)
