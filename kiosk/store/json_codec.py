"""How JSON documents (household, answers, strokes) are written into the store."""

from __future__ import annotations

import json
from typing import Any


def dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def loads(text: str | None) -> Any:
    return json.loads(text) if text else None
