"""Reading YAML/JSON resource files (C loader where available) with clear errors."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from kiosk.forms.errors import FormError
from kiosk.resources import resources_root

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where built with it

FORM_SUFFIXES = (".yaml", ".yml", ".json")


def default_resources() -> Path:
    """``$FVO_KIOSK_RESOURCES`` if set, else the installed ``resources`` package."""
    env = os.environ.get("FVO_KIOSK_RESOURCES")
    if env:
        return Path(env)
    return resources_root()


def display_name(path: Path, resources: Path) -> str:
    """The path relative to the resources folder, for messages."""
    try:
        return str(path.relative_to(resources))
    except ValueError:
        return str(path)


def read_data(path: Path, resources: Path, data: bytes | None = None) -> Any:
    """The parsed content of a YAML or JSON file (or of ``data`` read from it before);
    raises :class:`FormError`."""
    name = display_name(path, resources)
    try:
        text = (path.read_bytes() if data is None else data).decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise FormError(name, f"cannot be read ({type(err).__name__})") from None
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return load_yaml(text)
    except (yaml.YAMLError, ValueError) as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        reason = getattr(err, "problem", None) or type(err).__name__
        raise FormError(name, f"is not valid YAML/JSON{where}: {reason}") from None


def load_yaml(text: str) -> Any:
    """``yaml.load`` with PyYAML's C safe loader (where built with libyaml). A hand-built
    loader from the parser events was ~17 ms faster per cold load of all forms
    (tests/benchmarks/test_bench_forms.py: cold p50 38.6 ms without it, target 50 ms), so
    it is gone."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader (C or Python)


def version_key(version: str) -> tuple[tuple[int, Any], ...]:
    """Natural order of versions: 2 < 10, 2025-01 < 2025-07, 1.9 < 1.10."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.-]", version))
