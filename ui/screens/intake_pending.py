"""Pending intake input (typed but not yet acceptable) when list items are removed.

The store keeps such input beside the household by path (``Case.pending``); when an item of
a list is removed, the entries of later items must move up with them.
"""

from __future__ import annotations

import re
from typing import Any


def shift_pending(pending: dict[str, Any], list_path: str, removed: int) -> dict[str, Any]:
    """Pending input after item ``removed`` of the list at ``list_path`` was deleted: its
    own entries go, later items move up by one."""
    pattern = re.compile(re.escape(list_path) + r"\[([0-9]+)\](.*)")
    out: dict[str, Any] = {}
    for path, raw in pending.items():
        match = pattern.fullmatch(path)
        if match is None:
            out[path] = raw
            continue
        index = int(match.group(1))
        if index == removed:
            continue
        if index > removed:
            path = f"{list_path}[{index - 1}]{match.group(2)}"
        out[path] = raw
    return out
