"""JSON paths into the household document: ``$.children[1].birth_date``.

The UI edits the household field by field through :func:`set_path`; forms name their
sources the same way. Only the small subset we need: ``$`` then ``.key`` and ``[index]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kiosk.errors import InvalidInput

_SEGMENT = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]{1,6})\]")

Segment = str | int


class PathError(InvalidInput):
    """A path that does not parse or cannot be written."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            f"invalid household path {path!r}: {reason}",
            f"Ungültiger Pfad im Haushalt ({path}): {reason}",
        )
        self.path = path


def parse_path(path: str, root: str = "$") -> list[Segment]:
    """The segments of ``path`` (keys as str, indices as int); raises :class:`PathError`."""
    if not isinstance(path, str) or not path.startswith(root):
        raise PathError(str(path), f"must start with {root}")
    rest = path[len(root):]
    segments: list[Segment] = []
    pos = 0
    while pos < len(rest):
        match = _SEGMENT.match(rest, pos)
        if match is None:
            raise PathError(path, f"unexpected text at position {pos + len(root)}")
        key, index = match.groups()
        segments.append(key if key is not None else int(index))
        pos = match.end()
    return segments


def format_path(segments: list[Segment], root: str = "$") -> str:
    """The inverse of :func:`parse_path`."""
    out = [root]
    for seg in segments:
        out.append(f"[{seg}]" if isinstance(seg, int) else f".{seg}")
    return "".join(out)


def get_path(doc: Any, path: str | list[Segment], default: Any = None) -> Any:
    """The value at ``path`` or ``default`` when any step is missing (never raises on data)."""
    segments = parse_path(path) if isinstance(path, str) else path
    node = doc
    for seg in segments:
        if isinstance(seg, int):
            if not isinstance(node, list) or seg >= len(node):
                return default
            node = node[seg]
        else:
            if not isinstance(node, dict) or seg not in node:
                return default
            node = node[seg]
    return node


#: Factories for new list items and objects, by the key that holds them, so that writing
#: ``$.children[3].given_names`` on a household with three children creates a whole child.
ItemFactory = Callable[[Any, str], Any]


def set_path(doc: dict, path: str, value: Any,
             factories: dict[str, ItemFactory] | None = None) -> dict:
    """Write ``value`` at ``path`` in place, creating objects and list items as needed.

    A list index may be at most the list's length (then a new item is appended, built by
    the factory registered for that list's key, or an empty object). Returns ``doc``.
    """
    segments = parse_path(path)
    if not segments:
        raise PathError(path, "cannot replace the whole household")
    if factories is None:
        from kiosk.model.household import ITEM_FACTORIES

        factories = ITEM_FACTORIES
    node: Any = doc
    for pos, seg in enumerate(segments[:-1]):
        nxt = segments[pos + 1]
        holder_key = _holder_key(segments, pos)
        if isinstance(seg, int):
            if not isinstance(node, list):
                raise PathError(path, f"{format_path(segments[:pos])} is not a list")
            if seg > len(node):
                raise PathError(path, f"index {seg} skips items (list has {len(node)})")
            if seg == len(node):
                node.append(_new_item(doc, holder_key, factories))
            node = node[seg]
        else:
            if not isinstance(node, dict):
                raise PathError(path, f"{format_path(segments[:pos])} is not an object")
            child = node.get(seg)
            if child is None:
                child = [] if isinstance(nxt, int) else _new_object(doc, seg, factories)
                node[seg] = child
            node = child
    last = segments[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last > len(node):
            raise PathError(path, "list index out of range")
        if last == len(node):
            node.append(value)
        else:
            node[last] = value
    else:
        if not isinstance(node, dict):
            raise PathError(path, f"{format_path(segments[:-1])} is not an object")
        node[last] = value
    return doc


def delete_path(doc: dict, path: str) -> None:
    """Remove a list item or reset an object key to ``None`` (e.g. remove a child)."""
    segments = parse_path(path)
    if not segments:
        raise PathError(path, "cannot delete the whole household")
    parent = get_path(doc, segments[:-1])
    last = segments[-1]
    if isinstance(last, int) and isinstance(parent, list) and last < len(parent):
        del parent[last]
    elif isinstance(last, str) and isinstance(parent, dict) and last in parent:
        parent[last] = None
    else:
        raise PathError(path, "nothing there to delete")


def _holder_key(segments: list[Segment], pos: int) -> str:
    """The name of the key whose list holds the item at ``segments[pos]``."""
    for seg in reversed(segments[:pos]):
        if isinstance(seg, str):
            return seg
    return ""


def _new_item(doc: Any, key: str, factories: dict[str, ItemFactory]) -> Any:
    factory = factories.get(key + "[]")
    return factory(doc, key) if factory else {}


def _new_object(doc: Any, key: str, factories: dict[str, ItemFactory]) -> Any:
    factory = factories.get(key)
    return factory(doc, key) if factory else {}
