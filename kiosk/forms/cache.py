"""In-process reuse of parsed, schema-checked resource files, keyed by content hash.

A file is parsed and checked against its schema once per process; loading it again (the
catalog is loaded by the UI and by the CLI) reuses the result as long as neither the file
nor the schema changed. There is deliberately no on-disk cache: form definitions decide
what leaves the station for which office, so they are only ever read from resources/.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

_memory: dict[str, str] = {}


def cached(path: Path, salt: bytes, parse: Callable[[bytes], Any]) -> Any:
    """The parsed content of ``path``: reused, or ``parse(bytes)`` (which must raise for
    content that may not be reused: broken files never are)."""
    raw = path.read_bytes()
    key = hashlib.sha256(salt + b"\0" + raw).hexdigest()
    if key in _memory:
        return json.loads(_memory[key])  # a fresh copy: callers may not share state
    value = parse(raw)
    try:
        _memory[key] = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        pass  # not JSON-shaped (e.g. YAML dates): checked again each time
    return value
