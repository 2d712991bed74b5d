"""20 `fvo-kiosk-admin provision` runs at once on the same empty data dir, same keyring:
exactly one station results, intact, and every other run is refused with a message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.keys import KeyStore

REPO = Path(__file__).resolve().parents[2]
RUNS = 20


@pytest.mark.keyring
def test_concurrent_provisioning_leaves_exactly_one_intact_station(real_keyring, data_dir):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "kiosk.cli.main", "--data-dir", str(data_dir), "provision"]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(RUNS)
    ]
    results = [(p.wait(120), *p.communicate()) for p in procs]
    winners = [r for r in results if r[0] == 0]
    losers = [r for r in results if r[0] != 0]
    assert len(winners) == 1, results
    for code, _, err in losers:
        assert code == 1 and "bereits eine Station" in err and "Traceback" not in err
    ident = json.loads((data_dir / "station.json").read_text())
    assert ident["station_id"] in winners[0][1]
    try:
        check = subprocess.run(
            [sys.executable, "-m", "kiosk.cli.main", "--data-dir", str(data_dir), "check"],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip
        assert check.returncode == 0, check.stderr
        assert "1 Einträge geprüft" in check.stdout  # one provisioning, one audit record
        names = sorted(p.name for p in data_dir.iterdir())
        assert names == ["audit.anchor", "kiosk.db", "provision.lock", "station.json"]
    finally:
        KeyStore(ident["station_id"], real_keyring).delete_database_key()
