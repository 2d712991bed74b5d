"""Starting the child processes the crash tests kill: the child gets the store key on its
standard input and says ``greeting`` once it is ready."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def start_child(args: list[str], key: bytes, greeting: str,
                stderr: int | None = None) -> subprocess.Popen[str]:
    """``python ARGS`` in the checkout, handed ``key``; returns once it printed ``greeting``."""
    child = subprocess.Popen(
        [sys.executable, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
        text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.stdin and child.stdout
    child.stdin.write(key.hex() + "\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == greeting
    return child
