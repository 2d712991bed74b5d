"""fvo-kiosk-admin sync / purge / status as IT uses them: a real process, the real OS
keyring (client secret stored with `sync credentials`), the sandbox on loopback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.integration.conftest import sandbox_section
from tests.sync_support import write_config

ADMIN = [sys.executable, "-m", "tests.config_trust"]  # the admin CLI, trusting test IT


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ADMIN, *args], input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.keyring
def test_sync_once_reports_per_claim_and_status_shows_the_outbox(real_keyring, tmp_path,
                                                                fit_sandbox):
    from kiosk.app import Station
    from sandbox.config import DEMO_CLIENT_SECRET as CLIENT_SECRET

    d = ["--data-dir", str(tmp_path / "station")]
    assert run(*d, "provision", "--demo").returncode == 0  # three sample families, one signed
    write_config(tmp_path / "station", sandbox_section(fit_sandbox, timeout=10))

    # A demo station holds the sandbox's demo secret from provisioning; a wrong one stored
    # with `sync credentials` is refused by the service, the right one works again.
    assert run(*d, "sync", "credentials", "--secret-stdin",
               stdin="not-the-secret\n").returncode == 0
    wrong = run(*d, "sync", "--once")
    assert "Traceback" not in wrong.stderr
    assert "Wartet auf Versand" in wrong.stdout and "Anmeldung" in wrong.stdout  # nothing sent
    assert run(*d, "sync", "credentials", "--secret-stdin",
               stdin=CLIENT_SECRET + "\n").returncode == 0

    r = run(*d, "sync", "--once", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["online"] is True and doc["claims"]
    assert {c["state"] for c in doc["claims"]} <= {"submitted", "accepted"}
    sent = {c["claim_id"] for c in doc["claims"]}

    r = run(*d, "sync")  # until nothing is left: the receipts come back
    assert r.returncode == 0, r.stderr
    refs = [rec.metadata["additionalReferenceInfo"]["senderReference"]
            for rec in list(fit_sandbox.app.store.received.values()) if rec.metadata]
    assert {c: refs.count(c) for c in sent} == dict.fromkeys(sent, 1)  # each arrived once
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
def test_sync_while_the_service_is_down_keeps_everything_queued(real_keyring, tmp_path,
                                                                fit_sandbox):
    d = ["--data-dir", str(tmp_path / "station")]
    assert run(*d, "provision", "--demo").returncode == 0
    section = sandbox_section(fit_sandbox)
    for key in ("token_url", "submission_url", "routing_url"):  # a port nobody listens on
        section[key] = section[key].replace(f":{fit_sandbox.port}", ":9")
    write_config(tmp_path / "station", section)
    run(*d, "sync", "credentials", "--secret-stdin", stdin="any-secret\n")
    r = run(*d, "sync", "--once")
    assert r.returncode == 1 and "nicht erreichbar" in r.stdout
    status = json.loads(run(*d, "status", "--json").stdout)
    assert set(status["outbox_by_state"]) == {"queued"}
