"""The sandbox's memory across restarts: cases, submissions, events and decisions as JSON lines.

Only what carries no personal data is written: ids, states, event claims and the offices'
reasons. Encrypted payloads and the decrypted data stay in memory; a submission that was not
yet submitted when the sandbox stopped is forgotten (the sender gets 404 and announces anew).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

JOURNAL_FILE = "journal.jsonl"


class Journal:
    """Append-only JSON lines; a torn last line (a kill mid-write) is skipped on replay."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / JOURNAL_FILE
        self._lock = threading.Lock()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._fh = os.fdopen(fd, "a", encoding="utf-8")

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            self._fh.write(line)
            self._fh.flush()

    def replay(self) -> Iterator[dict[str, Any]]:
        with open(self.path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                try:
                    yield json.loads(line)
                except ValueError:
                    log.warning("journal line %d is torn; skipped", number)

    def close(self) -> None:
        with self._lock:
            self._fh.close()
