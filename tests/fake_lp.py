"""A fake CUPS `lp` first on PATH, for the print tests: it records each job's arguments and
the bytes it read from standard input, and fails like a missing printer when asked to."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCRIPT = """#!{python}
import os, sys
log = os.environ["FAKE_LP_LOG"]
n = len([f for f in os.listdir(log) if f.startswith("args-")])
with open(os.path.join(log, f"args-{{n}}"), "w") as fh:
    fh.write("\\n".join(sys.argv[1:]))
with open(os.path.join(log, f"stdin-{{n}}"), "wb") as fh:
    fh.write(sys.stdin.buffer.read())
if os.environ.get("FAKE_LP_FAIL"):
    sys.stderr.write("lp: The printer or class does not exist.\\n")
    sys.exit(1)
"""

Jobs = Callable[[], list[tuple[list[str], bytes]]]


def install(tmp_path: Path, monkeypatch: Any) -> Jobs:
    """Put the fake `lp` first on PATH; returns a call that lists the jobs it got as
    (arguments, standard input). ``FAKE_LP_FAIL=1`` in the environment makes it fail."""
    bin_dir, log = tmp_path / "fake-lp-bin", tmp_path / "fake-lp-log"
    bin_dir.mkdir()
    log.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(SCRIPT.format(python=sys.executable))
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_LP_LOG", str(log))
    monkeypatch.delenv("FAKE_LP_FAIL", raising=False)

    def jobs() -> list[tuple[list[str], bytes]]:
        count = len([f for f in os.listdir(log) if f.startswith("args-")])
        return [((log / f"args-{i}").read_text().split("\n"),
                 (log / f"stdin-{i}").read_bytes()) for i in range(count)]

    return jobs
