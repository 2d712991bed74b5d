"""The sending process SIGKILLed at random moments while it sends to the FIT-Connect sandbox
(HTTPS on loopback, some faults): afterwards every claim arrived at its office exactly once,
decrypted to what was signed, and ends accepted (FVO_SYNC_KILLS sets how often; default 30,
the issue's figure is 100)."""

from __future__ import annotations

import json
import os
import random

from kiosk.app import Station
from kiosk.store import outbox as ob
from tests.conftest import MemoryKeyring
from tests.reliability.sender_kill import kill_at_random, run_to_the_end
from tests.sync_support import sandbox_fit_connect, sending_station, signed_claims

KILLS = int(os.environ.get("FVO_SYNC_KILLS", "30"))
# Enough claims that every kill lands while sending (each run moves some of them on).
CLAIMS = int(os.environ.get("FVO_SYNC_KILL_CLAIMS", str(max(40, 2 * KILLS))))


def test_sending_killed_at_random_moments_delivers_every_claim_exactly_once(tmp_path):
    rng = random.Random(int(os.environ.get("FVO_SYNC_KILL_SEED", "7")))
    kr = MemoryKeyring()
    from sandbox.server import start_in_thread

    sb = start_in_thread(tmp_path / "sandbox")
    try:
        sb.app.faults.update({"error_rate": 0.05, "drop_rate": 0.05, "hang_seconds": 1.5,
                              "seed": 3})
        station = sending_station(tmp_path / "station", kr,
                                  sandbox_fit_connect(sb.base_url, sb.ca_file, timeout=1))
        claims = signed_claims(station, CLAIMS)
        station.close()
        secrets = json.dumps([[s, u, v] for (s, u), v in kr.secrets.items()])
        kills = kill_at_random(station.dir.path, secrets, "claims", KILLS, rng, 0.4)
        sb.app.faults.update({"error_rate": 0, "drop_rate": 0})
        run_to_the_end(station.dir.path, secrets, "claims")  # the last one finishes
        assert sb.app.offices.wait_idle(30)
        arrived: dict[str, list[object]] = {}
        for rec in list(sb.app.store.received.values()):
            ref = rec.metadata["additionalReferenceInfo"]["senderReference"]
            arrived.setdefault(ref, []).append(rec.data)
    finally:
        sb.stop()
    assert kills > KILLS // 2  # most runs were killed while sending
    assert {k: len(v) for k, v in arrived.items()} == dict.fromkeys(claims, 1)
    for claim_id, canonical in claims.items():
        assert arrived[claim_id] == [json.loads(canonical)]
    station = Station.open(tmp_path / "station", keyring_backend=kr)
    try:
        assert station.store.outbox.counts() == {ob.ACCEPTED: CLAIMS}
        assert {station.store.claims.get_claim(c).state for c in claims} == {"accepted"}
        assert station.store.integrity_problems() == []
        checked, problems = station.store.verify_audit()
        assert problems == []
    finally:
        station.close()
