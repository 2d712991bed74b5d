"""What the sending kill tests share: a sending child process (the station's keyring secrets
on its standard input, held in memory), killed at random moments, then one run to the end."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO


def start_child(data_dir: Path, secrets: str, what: str) -> subprocess.Popen[str]:
    """``python -m tests.reliability.sync_child DATA SECRET WHAT`` (``claims`` or
    ``followups``), its secrets written to standard input."""
    from sandbox.config import DEMO_CLIENT_SECRET

    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.sync_child", str(data_dir),
         DEMO_CLIENT_SECRET, what],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(secrets + "\n")
    proc.stdin.flush()
    return proc


def kill_at_random(data_dir: Path, secrets: str, what: str, kills: int,
                   rng: random.Random, max_delay: float) -> int:
    """Start the child ``kills`` times and SIGKILL it after a random moment once it says
    it is ready; returns how many were killed (not finished before)."""
    killed = 0
    for _ in range(kills):
        proc = start_child(data_dir, secrets, what)
        assert proc.stdout is not None and proc.stdin is not None
        try:
            if proc.stdout.readline().strip() != "ready":
                raise AssertionError("child did not start")
            time.sleep(rng.uniform(0.0, max_delay))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
        finally:
            if proc.poll() is None:  # not started right: never leave it running
                proc.kill()
            proc.wait(10)
            proc.stdout.close()
            proc.stdin.close()
    return killed


def run_to_the_end(data_dir: Path, secrets: str, what: str) -> None:
    """The last child runs until nothing is left to send."""
    proc = start_child(data_dir, secrets, what)
    out, _ = proc.communicate(timeout=120)
    assert out.split()[-1] == "done"
