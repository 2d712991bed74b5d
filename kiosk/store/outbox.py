"""The outbox: one row per claim on its way to an office (the sending comes with sync)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store.database import Store


class OutboxRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def counts(self) -> dict[str, int]:
        return dict(self._store.read("SELECT state, count(*) FROM outbox GROUP BY state"))
