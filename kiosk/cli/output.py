"""How the admin CLI prints: German sentences for people, stable JSON for scripts."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(doc: Any) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def say(text: str) -> None:
    print(text)


def fail(text: str) -> None:
    print(f"Fehler: {text}", file=sys.stderr)
