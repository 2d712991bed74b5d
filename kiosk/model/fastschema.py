"""A fast validity check for the JSON Schema subset our schemas use.

``jsonschema`` walks a schema anew for every document and builds its error objects on
the way; for the common case (the document is valid) only a yes/no is needed.
:func:`compile_is_valid` turns a schema (with its ``$ref``s already inlined) into one
nested Python predicate, once. It follows ``jsonschema``'s Draft 2020-12 semantics for
the keywords it knows (types with ``bool`` never an integer or number and integral
floats as integers; ``enum``/``const`` with ``True != 1``; ``pattern`` by ``re.search``;
``format`` an annotation only, as in a validator made without a format checker) and
refuses every other keyword, so that the caller keeps using ``jsonschema`` for a schema
it cannot mirror exactly. Callers use ``jsonschema`` again for the errors of a document
this predicate rejects, so the messages stay the same.

Kept because tests/benchmarks/test_bench_forms.py needs it (CPU time of the thread):
without it the cold load of all forms rises from p50 20 to 37 ms (63 ms without the YAML
builder of kiosk.forms.files as well; target 50 ms), and validate_household from p50 0.24
to 0.93 ms, which takes the claims overview (target p99 5 ms) from 3.5 to 4.3 ms where
the form plans interpret their conditions (see kiosk.forms.plan).
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Predicate = Callable[[Any], bool]

#: Keywords that never make a document invalid.
_ANNOTATIONS = frozenset({
    "$schema", "$id", "$comment", "$defs", "definitions", "title", "description",
    "default", "examples", "format", "deprecated", "readOnly", "writeOnly",
})
_KNOWN = frozenset({
    "type", "enum", "const", "properties", "additionalProperties", "required",
    "minProperties", "maxProperties", "items", "minItems", "maxItems", "pattern",
    "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "anyOf", "oneOf", "allOf", "not",
}) | _ANNOTATIONS


class Unsupported(ValueError):
    """The schema uses something this compiler does not mirror exactly."""


def compile_is_valid(schema: Any) -> Predicate | None:
    """A predicate equal to ``Draft202012Validator(schema).is_valid``, or ``None`` when the
    schema uses a keyword (or a ``$ref``) this module does not handle."""
    try:
        return _compile(schema)
    except Unsupported:
        return None


def _always(_value: Any) -> bool:
    return True


def _never(_value: Any) -> bool:
    return False


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Number)


_TYPES: dict[str, Predicate] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": _is_integer,
    "number": _is_number,
}


def _unbool(value: Any, true: object = object(), false: object = object()) -> Any:
    if value is True:
        return true
    if value is False:
        return false
    return value


def json_equal(one: Any, two: Any) -> bool:
    """Equality as JSON Schema means it (``True`` is not ``1``), like jsonschema's."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(json_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and json_equal(value, two[key]) for key, value in one.items())
    return bool(_unbool(one) == _unbool(two))


def _type_check(types: Any) -> Predicate:
    names = types if isinstance(types, list) else [types]
    if not names or any(not isinstance(n, str) or n not in _TYPES for n in names):
        raise Unsupported(f"type {types!r}")
    if len(names) == 1:
        return _TYPES[names[0]]
    if set(names) == {"string", "null"}:
        return lambda v: v is None or isinstance(v, str)
    checks = tuple(_TYPES[n] for n in names)
    return lambda v: any(check(v) for check in checks)


def _enum_check(values: Any) -> Predicate:
    if not isinstance(values, list):
        raise Unsupported("enum must be a list")
    if all(v is None or isinstance(v, str) for v in values):
        strings = frozenset(v for v in values if isinstance(v, str))
        with_none = any(v is None for v in values)

        def check_strings(value: Any) -> bool:
            if value is None:
                return with_none
            if isinstance(value, str):
                return value in strings
            return any(json_equal(each, value) for each in values)

        return check_strings
    return lambda value: any(json_equal(each, value) for each in values)


def _number(value: Any, what: str) -> Any:
    if not _is_number(value):
        raise Unsupported(f"{what} takes a number")
    return value


def _count(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Unsupported(f"{what} takes a count")
    return value


def _string_checks(schema: dict[str, Any]) -> list[Predicate]:
    checks: list[Predicate] = []
    if "pattern" in schema:
        if not isinstance(schema["pattern"], str):
            raise Unsupported("pattern takes a string")
        search = re.compile(schema["pattern"]).search
        checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
    if "minLength" in schema:
        low = _count(schema["minLength"], "minLength")
        checks.append(lambda v: not isinstance(v, str) or len(v) >= low)
    if "maxLength" in schema:
        high = _count(schema["maxLength"], "maxLength")
        checks.append(lambda v: not isinstance(v, str) or len(v) <= high)
    return checks


def _number_checks(schema: dict[str, Any]) -> list[Predicate]:
    checks: list[Predicate] = []
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if key in schema:
            checks.append(_bound_check(key, _number(schema[key], key)))
    return checks


def _bound_check(key: str, bound: Any) -> Predicate:
    if key == "minimum":
        return lambda v: not _is_number(v) or not v < bound
    if key == "maximum":
        return lambda v: not _is_number(v) or not v > bound
    if key == "exclusiveMinimum":
        return lambda v: not _is_number(v) or v > bound
    return lambda v: not _is_number(v) or v < bound


def _object_check(schema: dict[str, Any]) -> Predicate | None:
    keys = ("properties", "additionalProperties", "required", "minProperties",
            "maxProperties")
    if not any(k in schema for k in keys):
        return None
    raw_props = schema.get("properties", {})
    if not isinstance(raw_props, dict):
        raise Unsupported("properties must be a mapping")
    props = {name: _compile(sub) for name, sub in raw_props.items()}
    extra_schema = schema.get("additionalProperties", True)
    extra: Predicate | None
    if extra_schema is True:
        extra = None  # anything goes
    elif extra_schema is False:
        extra = _never
    else:
        extra = _compile(extra_schema)
    required = schema.get("required", [])
    if not isinstance(required, list):
        raise Unsupported("required must be a list")
    required_t = tuple(required)
    low = _count(schema.get("minProperties", 0), "minProperties")
    high = schema.get("maxProperties")
    if high is not None:
        high = _count(high, "maxProperties")
    get = props.get

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            sub = get(key)
            if sub is None:
                if extra is not None and not extra(item):
                    return False
            elif not sub(item):
                return False
        for key in required_t:
            if key not in value:
                return False
        if low and len(value) < low:
            return False
        return high is None or len(value) <= high

    return check


def _array_check(schema: dict[str, Any]) -> Predicate | None:
    if not any(k in schema for k in ("items", "minItems", "maxItems")):
        return None
    items = _compile(schema["items"]) if "items" in schema else None
    low = _count(schema.get("minItems", 0), "minItems")
    high = schema.get("maxItems")
    if high is not None:
        high = _count(high, "maxItems")

    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return True
        if len(value) < low or (high is not None and len(value) > high):
            return False
        if items is not None:
            for item in value:
                if not items(item):
                    return False
        return True

    return check


def _all(checks: list[Predicate]) -> Predicate:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    frozen = tuple(checks)

    def check(value: Any) -> bool:
        for each in frozen:
            if not each(value):
                return False
        return True

    return check


def _combined(key: str, subs: tuple[Predicate, ...]) -> Predicate:
    if key == "anyOf":
        return lambda v: any(sub(v) for sub in subs)
    if key == "oneOf":
        return lambda v: sum(1 for sub in subs if sub(v)) == 1
    return lambda v: all(sub(v) for sub in subs)


def _compile(schema: Any) -> Predicate:
    if schema is True:
        return _always
    if schema is False:
        return _never
    if not isinstance(schema, dict):
        raise Unsupported(f"a schema must be an object or a boolean, got {schema!r}")
    unknown = set(schema) - _KNOWN
    if unknown:
        raise Unsupported(f"keyword(s) {sorted(unknown)}")
    checks: list[Predicate] = []
    if "type" in schema:
        checks.append(_type_check(schema["type"]))
    if "enum" in schema:
        checks.append(_enum_check(schema["enum"]))
    if "const" in schema:
        const = schema["const"]
        checks.append(lambda v: json_equal(v, const))
    checks.extend(_string_checks(schema))
    checks.extend(_number_checks(schema))
    for make in (_object_check, _array_check):
        check = make(schema)
        if check is not None:
            checks.append(check)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            subs = schema[key]
            if not isinstance(subs, list) or not subs:
                raise Unsupported(f"{key} takes a non-empty list")
            checks.append(_combined(key, tuple(_compile(sub) for sub in subs)))
    if "not" in schema:
        negated = _compile(schema["not"])
        checks.append(lambda v: not negated(v))
    return _all(checks)
