"""Reading YAML/JSON resource files quickly (C loader where available) with clear errors."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from kiosk.forms.errors import FormError
from kiosk.resources import resources_root

_CParser: Any
try:
    _Loader: Any = yaml.CSafeLoader
    from yaml._yaml import CParser as _CParser
except (AttributeError, ImportError):  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader
    _CParser = None

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
    """``yaml.load(text, Loader=CSafeLoader)``, about twice as fast for plain data.

    PyYAML's constructor spends most of its time in generic Python machinery. Plain data
    (mappings, sequences, scalars without tags or anchors) is built here straight from
    the C parser's events, with the safe loader's own implicit-tag table and scalar
    constructors, so the result is the same. Anything else (tags, anchors, aliases, merge
    keys, complex keys, several documents, errors) is left to ``yaml.load`` itself.

    Kept because tests/benchmarks/test_bench_forms.py needs it: the cold load of all forms
    takes p50 20 ms with it and 35-40 ms without (CPU time of the thread), 45-60 ms
    wall-clock on the shared 2-core machine; target 50 ms.
    """
    if _CParser is not None:
        parser = _CParser(text)
        try:
            return _build_document(parser.get_event)
        except Exception:  # noqa: BLE001, S110 - yaml.load below decides (or raises)
            pass
        finally:
            parser.dispose()
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader (C or Python)


class _NotPlain(Exception):
    """The document needs PyYAML's full loader."""


_STR_TAG = "tag:yaml.org,2002:str"
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_IMPLICIT_ANY = _IMPLICIT.get(None, [])
_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SPECIAL_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


def _implicit_tag(value: str) -> str:
    """The tag the safe resolver gives a plain scalar (its own table, same order)."""
    for tag, regexp in _IMPLICIT.get(value[0] if value else "", []) + _IMPLICIT_ANY:
        if regexp.match(value):
            return str(tag)
    return _STR_TAG


def _scalar(event: Any) -> Any:
    if event.tag is not None:
        raise _NotPlain
    value = event.value
    if not event.implicit[0]:
        return value  # quoted or block scalar: a string
    tag = _implicit_tag(value)
    if tag == _STR_TAG:
        return value
    if tag in _SPECIAL_TAGS or tag not in _CONSTRUCTORS:
        raise _NotPlain
    return _CONSTRUCTORS[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))


class _Builder:
    """Builds one document from parser events; an alias gives the very object of its
    anchor, as PyYAML's constructor does."""

    def __init__(self, get: Any) -> None:
        self.get = get
        self.anchors: dict[str, Any] = {}

    def node(self, event: Any) -> Any:
        kind = event.__class__
        if kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                raise _NotPlain  # undefined, or an alias inside its own anchor
            return self.anchors[event.anchor]
        if event.tag is not None:
            raise _NotPlain
        if kind is yaml.ScalarEvent:
            value = _scalar(event)
        elif kind is yaml.MappingStartEvent:
            value = self.mapping()
        elif kind is yaml.SequenceStartEvent:
            value = self.sequence()
        else:
            raise _NotPlain
        if event.anchor is not None:
            if event.anchor in self.anchors:
                raise _NotPlain  # a repeated anchor: PyYAML decides
            self.anchors[event.anchor] = value
        return value

    def mapping(self) -> dict[Any, Any]:
        get = self.get
        mapping: dict[Any, Any] = {}
        while True:
            key_event = get()
            key_kind = key_event.__class__
            if key_kind is yaml.MappingEndEvent:
                return mapping
            if key_kind is not yaml.ScalarEvent or key_event.anchor is not None:
                raise _NotPlain  # a complex or anchored key
            key = _scalar(key_event)
            item = get()
            if item.__class__ is yaml.ScalarEvent and item.anchor is None:
                mapping[key] = _scalar(item)
            else:
                mapping[key] = self.node(item)

    def sequence(self) -> list[Any]:
        get = self.get
        sequence: list[Any] = []
        while True:
            item = get()
            item_kind = item.__class__
            if item_kind is yaml.SequenceEndEvent:
                return sequence
            if item_kind is yaml.ScalarEvent and item.anchor is None:
                sequence.append(_scalar(item))
            else:
                sequence.append(self.node(item))


def _build_document(get: Any) -> Any:
    if get().__class__ is not yaml.StreamStartEvent:
        raise _NotPlain
    if get().__class__ is not yaml.DocumentStartEvent:
        raise _NotPlain  # an empty stream
    value = _Builder(get).node(get())
    if get().__class__ is not yaml.DocumentEndEvent:
        raise _NotPlain
    if get().__class__ is not yaml.StreamEndEvent:
        raise _NotPlain  # more than one document
    return value


def version_key(version: str) -> tuple[tuple[int, Any], ...]:
    """Natural order of versions: 2 < 10, 2025-01 < 2025-07, 1.9 < 1.10."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.-]", version))
