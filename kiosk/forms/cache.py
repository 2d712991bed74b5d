"""A cache of parsed, schema-checked resource files, keyed by content hash (like .pyc).

Parsing YAML and checking every form against its schema costs ~30 ms (it was ~200 ms
before the event-built YAML and the compiled schema check); the kiosk starts often on
small machines, and does not need this cache to be correct. The cache keeps the parsed
content of a file once it passed the schema, under the SHA-256 of (cache format, schema
bytes, file bytes): any change of the file or the schema misses the cache. The semantic
checks run on every load regardless. The on-disk cache is used only where a folder is
given (``FVO_KIOSK_FORM_CACHE`` or the ``cache_dir`` argument); in-process results are
always reused.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.fileio import write_atomic

CACHE_FORMAT = b"fvo-kiosk-forms-1\0"
_memory: dict[str, Any] = {}


def cache_folder(explicit: Path | None) -> Path | None:
    if explicit is not None:
        return explicit
    env = os.environ.get("FVO_KIOSK_FORM_CACHE")
    return Path(env) if env else None


def cached(path: Path, salt: bytes, folder: Path | None,
           parse: Callable[[bytes], Any]) -> Any:
    """The parsed content of ``path``: from the cache, or ``parse(bytes)`` then stored.

    ``parse`` must raise for content that may not be cached (broken files never are).
    """
    raw = path.read_bytes()
    key = hashlib.sha256(CACHE_FORMAT + salt + b"\0" + raw).hexdigest()
    target = folder / f"{key}.json" if folder is not None else None
    if key in _memory:
        text = _memory[key]
        if target is not None and not target.exists():
            _store(target, text)
        return json.loads(text)
    if target is not None:
        try:
            text = target.read_text(encoding="utf-8")
            value = json.loads(text)
        except (OSError, ValueError):
            pass
        else:
            _memory[key] = text
            return value
    value = parse(raw)
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return value  # not JSON-shaped (e.g. YAML dates): never cached, checked each time
    _memory[key] = text
    if target is not None:
        _store(target, text)
    return value


def _store(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"), 0o644)
    except OSError:
        pass  # a read-only or full cache folder only costs time
