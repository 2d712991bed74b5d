"""A problem found in a household document, located by JSON path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """``path`` like ``$.children[1].birth_date``; ``message`` in German; ``key`` the
    validation message key where one exists (``""`` for schema problems)."""

    path: str
    message: str
    key: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
