"""A writer is SIGKILLed and its WAL deleted: opening says the WAL is missing, and once IT
accepts the loss, `audit verify` names it (before the anchor it said "intact")."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from kiosk.app import Station
from kiosk.cli.main import main as admin
from kiosk.errors import WalMissing
from kiosk.keys import keyring_store

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACKNOWLEDGED = 15


def test_wal_deleted_after_sigkill_is_reported(station, data_dir, memory_keyring,
                                               monkeypatch, capsys):
    station.close()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.anchor_child", str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": REPO},
        text=True,
    )
    assert child.stdin and child.stdout
    secrets = [[s, u, p] for (s, u), p in memory_keyring.secrets.items()]
    child.stdin.write(json.dumps(secrets) + "\n")
    child.stdin.flush()
    try:
        assert child.stdout.readline().strip() == "ready"
        acknowledged = [child.stdout.readline().strip() for _ in range(ACKNOWLEDGED)]
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL

    wal = data_dir / "kiosk.db-wal"
    assert wal.stat().st_size > 0  # the acknowledged cases live in the WAL only
    wal.unlink()
    (data_dir / "kiosk.db-shm").unlink(missing_ok=True)

    # Opening notices first: the writer died with its open marker, and its WAL is gone.
    with pytest.raises(WalMissing):
        Station.open(data_dir, keyring_backend=memory_keyring)
    # IT accepts the loss as the README describes (stale markers removed); the audit
    # anchor still names what was lost.
    for marker in data_dir.glob("kiosk.db-open.*"):
        marker.unlink()
    reopened = Station.open(data_dir, keyring_backend=memory_keyring)
    try:
        kept = {c for c in acknowledged if reopened.store.cases.exists(c)}
        checked, chain_problems = reopened.store.verify_audit()
    finally:
        reopened.close()
    assert not set(acknowledged) & kept  # the loss is real

    monkeypatch.setattr(keyring_store, "default_backend", lambda: memory_keyring)
    code = admin(["--data-dir", str(data_dir), "audit", "verify", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["intact"] is False
    assert [p["kind"] for p in report["problems"]] == ["truncated"]
    assert report["problems"][0]["seq"] >= checked + ACKNOWLEDGED
