"""The published household JSON Schema and its errors as German problems by JSON path."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from kiosk.model.fastschema import Predicate, compile_is_valid
from kiosk.model.paths import format_path
from kiosk.model.problems import Problem
from kiosk.resources import resources_root

SCHEMA_FILE = "schemas/household.schema.json"


def resources_dir() -> Path:
    """``$FVO_KIOSK_RESOURCES`` if set, else the installed ``resources`` package."""
    env = os.environ.get("FVO_KIOSK_RESOURCES")
    if env:
        return Path(env)
    return resources_root()


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    """The parsed schema file, read once per process. Kept, with the cached validator below:
    without both, tests/benchmarks/test_bench_forms.py's claims overview rises from p99
    2.5 to 3.7-4.7 ms (target 5 ms) and validate_household from p50 0.24 to 1.3 ms."""
    with open(path, encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema  # the schema itself is checked by the test suite, not at every start


def household_schema(resources: Path | None = None) -> dict[str, Any]:
    """The household schema (parsed once per file)."""
    return _load(str((resources or resources_dir()) / SCHEMA_FILE))


@lru_cache(maxsize=4)
def _validator(path: str) -> jsonschema.Draft202012Validator:
    schema = _load(path)
    return jsonschema.Draft202012Validator(inline_refs(schema))


@lru_cache(maxsize=4)
def _fast_check(path: str) -> Predicate | None:
    """The compiled yes/no check of the schema (``None``: only jsonschema can tell).
    Kept: without it validate_household in tests/benchmarks/test_bench_forms.py rises from
    p50 0.24 to 0.93 ms; see kiosk.model.fastschema for the claims overview."""
    schema = _load(path)
    return compile_is_valid(inline_refs(schema))


def inline_refs(schema: dict[str, Any]) -> Any:
    """The schema with every local ``#/$defs/…`` reference replaced by its target.

    Our schemas are not recursive, so this terminates; validators then skip the reference
    look-ups that otherwise dominate validation time. Only annotations (descriptions) stand
    beside a ``$ref``, so merging them into the target changes nothing.
    """
    return _inline_refs(schema, schema.get("$defs", {}))


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = _inline_refs(defs[ref.rsplit("/", 1)[-1]], defs)
            return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def schema_problems(doc: Any, resources: Path | None = None) -> list[Problem]:
    """Every place where ``doc`` breaks the household schema, in German."""
    path = str((resources or resources_dir()) / SCHEMA_FILE)
    fast = _fast_check(path)
    if fast is not None and fast(doc):
        return []  # valid: the common case needs no error objects
    validator = _validator(path)
    problems = []
    for error in validator.iter_errors(doc):
        problems.extend(_translate(error))
    return sorted(set(problems))


def _translate(error: jsonschema.ValidationError) -> list[Problem]:
    path = format_path(list(error.absolute_path))
    kind = error.validator
    if kind == "anyOf" and error.context:
        # "object or null": report the reasons of the object branch, which is what was meant.
        deepest = [e for e in error.context if e.validator != "type" or not e.absolute_path]
        out: list[Problem] = []
        for sub in deepest or error.context:
            if sub.validator == "type" and sub.validator_value == "null":
                continue
            out.extend(_translate(sub))
        return out or [Problem(path, "Wert hat nicht die erwartete Form.")]
    if kind == "required":
        missing = [name for name in error.validator_value
                   if isinstance(error.instance, dict) and name not in error.instance]
        return [Problem(f"{path}.{name}", "Pflichtangabe fehlt.") for name in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in known) if isinstance(
            error.instance, dict) else []
        return [Problem(f"{path}.{name}" if _plain(name) else path,
                        "Unbekanntes Feld, im Haushalt nicht vorgesehen.") for name in extra]
    value = error.validator_value
    if kind == "type":
        message = f"Falscher Datentyp (erwartet: {_types(value)})."
    elif kind == "enum" and isinstance(value, list):
        allowed = ", ".join("leer" if v is None else str(v) for v in value)
        message = f"Unzulässiger Wert; erlaubt: {allowed}."
    elif kind == "const":
        message = f"Unzulässiger Wert; erwartet: {value}."
    elif kind == "pattern":
        message = "Falsches Format."
    elif kind == "maxLength":
        message = f"Zu lang (höchstens {value} Zeichen)."
    elif kind == "minimum":
        message = f"Zu klein (mindestens {value})."
    elif kind == "maximum":
        message = f"Zu groß (höchstens {value})."
    else:
        message = "Wert hat nicht die erwartete Form."
    return [Problem(path, message)]


def _plain(name: Any) -> bool:
    return isinstance(name, str) and name.isidentifier()


_TYPE_DE = {"string": "Text", "integer": "ganze Zahl", "boolean": "ja/nein",
            "object": "Objekt", "array": "Liste", "null": "leer", "number": "Zahl"}


def _types(value: Any) -> str:
    names = value if isinstance(value, list) else [value]
    return " oder ".join(_TYPE_DE.get(str(n), str(n)) for n in names)
