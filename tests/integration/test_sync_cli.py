"""fvo-kiosk-admin sync / purge / status as IT uses them: a real process, the real OS
keyring (client secret stored with `sync credentials`), the endpoint on loopback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.integration.fake_fit_connect import CLIENT_SECRET, fit_connect_section, root_pem
from tests.integration.sync_support import write_config

ADMIN = [sys.executable, "-m", "kiosk.cli.main"]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ADMIN, *args], input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.keyring
def test_sync_once_reports_per_claim_and_status_shows_the_outbox(real_keyring, tmp_path, fake):
    from kiosk.app import Station

    d = ["--data-dir", str(tmp_path / "station")]
    assert run(*d, "provision", "--demo").returncode == 0  # three sample families, one signed
    (tmp_path / "root.pem").write_bytes(root_pem())
    write_config(tmp_path / "station", fit_connect_section(fake.url, str(tmp_path / "root.pem")))

    missing = run(*d, "sync", "--once")
    assert missing.returncode == 1 and "Zugangsgeheimnis" in missing.stderr
    assert run(*d, "sync", "credentials", "--secret-stdin",
               stdin=CLIENT_SECRET + "\n").returncode == 0

    r = run(*d, "sync", "--once", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["online"] is True and doc["claims"]
    assert {c["state"] for c in doc["claims"]} <= {"submitted", "accepted"}
    sent = {c["claim_id"] for c in doc["claims"]}
    assert set(fake.arrived_once()) == sent and set(fake.arrived_once().values()) == {1}

    # The same pass read the office's receipts (this office answers at once).
    assert {c["state"] for c in doc["claims"] if c["state"] == "accepted"} == {"accepted"}
    r = run(*d, "sync")  # until nothing is left
    assert r.returncode == 0 and "Nichts zu senden." in r.stdout, r.stderr
    status = json.loads(run(*d, "status", "--json").stdout)
    assert status["outbox_by_state"] == {"accepted": len(sent)}
    human = run(*d, "status").stdout
    assert f"Postausgang: {len(sent)} (Von der Stelle bestätigt: {len(sent)})" in human

    dry = run(*d, "purge", "--dry-run", "--json")
    assert dry.returncode == 0 and json.loads(dry.stdout)["claims"] == []  # not yet due
    station = Station.open(tmp_path / "station")
    try:
        with station.store.transaction() as tx:
            tx.execute("UPDATE outbox SET accepted_at = '2000-01-01T00:00:00+00:00'")
    finally:
        station.close()
    listed = json.loads(run(*d, "purge", "--dry-run", "--json").stdout)["claims"]
    assert {c["claim_id"] for c in listed} == sent
    done = run(*d, "purge")
    assert done.returncode == 0 and f"von {len(sent)} bestätigten Anträgen gelöscht" in done.stdout


@pytest.mark.keyring
def test_sync_while_the_service_is_down_keeps_everything_queued(real_keyring, tmp_path, fake):
    d = ["--data-dir", str(tmp_path / "station")]
    assert run(*d, "provision", "--demo").returncode == 0
    (tmp_path / "root.pem").write_bytes(root_pem())
    section = fit_connect_section("http://127.0.0.1:9", str(tmp_path / "root.pem"))  # closed
    write_config(tmp_path / "station", section)
    run(*d, "sync", "credentials", "--secret-stdin", stdin=CLIENT_SECRET + "\n")
    r = run(*d, "sync", "--once")
    assert r.returncode == 1 and "nicht erreichbar" in r.stdout
    status = json.loads(run(*d, "status", "--json").stdout)
    assert set(status["outbox_by_state"]) == {"queued"}
