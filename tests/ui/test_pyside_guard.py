"""The kiosk survives long sessions: hundreds of thousands of Qt calls do not exhaust
Python's ``None``. (PySide6 6.12.0 on Python 3.11 drops a reference to it on every void call
and aborts after a few thousand; pyproject.toml keeps that release out.)"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import ui
from PySide6.QtCore import QPointF
p = QPointF()
for _ in range(300_000):
    p.setX(1.0)
print("still alive")
"""


def test_many_void_qt_calls_do_not_crash_the_kiosk():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr[-400:]
    assert out.stdout.strip() == "still alive"
