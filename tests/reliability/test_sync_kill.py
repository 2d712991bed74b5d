"""The sending process SIGKILLed at random moments: afterwards every claim arrived at its
office exactly once and ends accepted (FVO_SYNC_KILLS sets how often; default 30)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from kiosk.app import Station
from kiosk.store import outbox as ob
from tests.conftest import REPO, MemoryKeyring
from tests.integration.fake_fit_connect import (
    CLIENT_SECRET,
    FakeFitConnect,
    fit_connect_section,
    root_pem,
)
from tests.integration.sync_support import signed_claims, write_config

KILLS = int(os.environ.get("FVO_SYNC_KILLS", "30"))
CLAIMS = int(os.environ.get("FVO_SYNC_KILL_CLAIMS", "40"))


def _child(data_dir: Path, secrets: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.sync_child", str(data_dir), CLIENT_SECRET],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(secrets + "\n")
    proc.stdin.flush()
    return proc


def test_sending_killed_at_random_moments_delivers_every_claim_exactly_once(tmp_path):
    rng = random.Random(int(os.environ.get("FVO_SYNC_KILL_SEED", "7")))
    kr = MemoryKeyring()
    with FakeFitConnect(fail_rate=0.1) as fake:
        station = Station.provision(tmp_path / "station", demo=True, keyring_backend=kr)
        (tmp_path / "root.pem").write_bytes(root_pem())
        write_config(station.dir.path, fit_connect_section(fake.url, str(tmp_path / "root.pem")))
        claims = signed_claims(station, CLAIMS)
        station.close()
        secrets = json.dumps([[s, u, v] for (s, u), v in kr.secrets.items()])
        kills = 0
        for _ in range(KILLS):
            proc = _child(station.dir.path, secrets)
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                proc.wait(10)
                raise AssertionError("child did not start")
            time.sleep(rng.uniform(0.0, 0.4))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait(10)
            proc.stdout.close()
            proc.stdin.close()  # type: ignore[union-attr]
        proc = _child(station.dir.path, secrets)  # the last one runs to the end
        out, _ = proc.communicate(timeout=120)
        assert out.split()[-1] == "done"
        arrived = fake.arrived_once()
    assert kills > KILLS // 2  # most runs were killed while sending
    assert arrived == dict.fromkeys(claims, 1)
    for claim_id, canonical in claims.items():
        assert fake.arrivals[claim_id] == [canonical]
    station = Station.open(tmp_path / "station", keyring_backend=kr)
    try:
        assert station.store.outbox.counts() == {ob.ACCEPTED: CLAIMS}
        assert {station.store.claims.get_claim(c).state for c in claims} == {"accepted"}
        assert station.store.integrity_problems() == []
        checked, problems = station.store.verify_audit()
        assert problems == []
    finally:
        station.close()
