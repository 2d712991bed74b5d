"""`fvo-kiosk-admin sync` while another pass (the kiosk's background sending, a timer) holds
the station's sending lock: it returns at once, says so, exits 0 and sends nothing."""

from __future__ import annotations

import json
import time

import pytest

from kiosk.sync.runner import BUSY_DE, pass_lock
from tests.fake_fit_connect import fit_connect_section, root_pem
from tests.integration.test_sync_cli import run
from tests.sending_support import closed_port_url
from tests.sync_support import write_config


@pytest.mark.keyring
def test_sync_while_another_pass_runs_returns_at_once(real_keyring, tmp_path):
    d = ["--data-dir", str(tmp_path / "station")]
    assert run(*d, "provision", "--demo").returncode == 0  # one sample claim is queued
    root = tmp_path / "root.pem"
    root.write_bytes(root_pem())
    write_config(tmp_path / "station", fit_connect_section(closed_port_url(), str(root)))
    with pass_lock(tmp_path / "station") as held:
        assert held
        began = time.monotonic()
        human = run(*d, "sync")  # not --once: it would otherwise try for up to 120 s
        took = time.monotonic() - began
        doc = json.loads(run(*d, "sync", "--json").stdout)
    assert human.returncode == 0, human.stderr
    assert BUSY_DE in " ".join(human.stdout.split())
    assert took < 15  # a process start and a station open; no pass, no network wait
    assert doc["busy"] is True and doc["outbox_by_state"].get("queued", 0) >= 1
    # The lock gone, the same command makes its pass (the service is down here: exit 1).
    after = run(*d, "sync", "--once")
    assert after.returncode == 1 and "nicht erreichbar" in after.stdout
