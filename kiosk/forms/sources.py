"""Checking that a field's source (a household path) exists in the household schema.

Roots: ``$`` the household; ``$subject`` the child a per-child claim is for; ``@`` the item
of a repeated section (its schema follows from the collection); ``$kind`` the kind of
benefit of a per-child-and-kind claim (conditions only).
"""

from __future__ import annotations

from typing import Any

from kiosk.model.paths import PathError, parse_path

#: Virtual collections a section can repeat over → the household $defs their items follow.
COLLECTIONS: dict[str, tuple[str, ...]] = {
    "$children": ("child",),
    "$members": ("person", "child", "member"),
    "$adults": ("person",),
    "$other_members": ("member",),
}


class SourceChecker:
    """Knows the household schema and answers: does this path lead somewhere?"""

    def __init__(self, household_schema: dict[str, Any]) -> None:
        self._schema = household_schema
        self._defs = household_schema.get("$defs", {})

    def _deref(self, node: Any) -> list[dict[str, Any]]:
        """The concrete object schemas ``node`` may be (following $ref and anyOf)."""
        if not isinstance(node, dict):
            return []
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return self._deref(self._defs.get(name))
        if "anyOf" in node:
            return [s for sub in node["anyOf"] for s in self._deref(sub)]
        return [node]

    def _walk(self, nodes: list[dict[str, Any]], segments: list[Any]) -> list[dict[str, Any]]:
        for seg in segments:
            nxt: list[dict[str, Any]] = []
            for node in nodes:
                if isinstance(seg, int):
                    nxt.extend(self._deref(node.get("items")))
                else:
                    nxt.extend(self._deref(node.get("properties", {}).get(seg)))
            nodes = nxt
            if not nodes:
                return []
        return nodes

    def item_schemas(self, over: str) -> list[dict[str, Any]]:
        """Schemas of the items of a repeat collection (virtual or a path to a list)."""
        if over in COLLECTIONS:
            return [self._defs[name] for name in COLLECTIONS[over] if name in self._defs]
        try:
            segments = parse_path(over)
        except PathError:
            return []
        lists = [n for n in self._walk([self._schema], segments) if "items" in n]
        return [s for node in lists for s in self._deref(node.get("items"))]

    def check(self, path: str, *, subject: bool, item_over: str | None,
              kind: bool = False) -> str | None:
        """``None`` when ``path`` exists, else the reason in English."""
        if path == "$kind":
            return None if kind else "$kind is only known in per-child-and-kind forms"
        if path.startswith("$subject"):
            if not subject:
                return "$subject is only known in per-child forms"
            roots, rest = [self._defs["child"]], path[len("$subject"):]
        elif path.startswith("@"):
            if item_over is None:
                return "@ is only known inside a repeated section"
            roots, rest = self.item_schemas(item_over), path[1:]
        elif path.startswith("$."):
            roots, rest = [self._schema], path[1:]
        else:
            return f"source {path!r} is neither 'answer' nor a household path"
        try:
            segments = parse_path("$" + rest)
        except PathError:
            return f"path {path!r} does not parse"
        if not roots or not self._walk(roots, segments):
            return f"path {path!r} does not exist in the household schema"
        return None
