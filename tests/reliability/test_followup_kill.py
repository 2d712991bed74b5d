"""The sending process SIGKILLed at random moments while it sends follow-ups (documents
handed in after their claims were accepted) to the FIT-Connect sandbox: afterwards every
follow-up arrived exactly once, in its claim's case, with the exact document, and the claims
stayed accepted (FVO_FOLLOWUP_KILLS sets how often; default 6, a few seconds each)."""

from __future__ import annotations

import hashlib
import json
import os
import random

from kiosk.app import Station
from kiosk.store import outbox as ob
from kiosk.sync.sender import Sender
from tests.conftest import MemoryKeyring
from tests.reliability.sender_kill import kill_at_random, run_to_the_end
from tests.sync_support import ACTOR, sandbox_fit_connect, sending_station, signed_claims

KILLS = int(os.environ.get("FVO_FOLLOWUP_KILLS", "6"))
CLAIMS = 12


def test_follow_ups_sent_by_a_process_killed_at_random_arrive_exactly_once(tmp_path):
    from sandbox.config import DEMO_CLIENT_SECRET
    from sandbox.server import start_in_thread

    rng = random.Random(int(os.environ.get("FVO_FOLLOWUP_KILL_SEED", "5")))
    kr = MemoryKeyring()
    sb = start_in_thread(tmp_path / "sandbox")
    try:
        station = sending_station(tmp_path / "station", kr,
                                  sandbox_fit_connect(sb.base_url, sb.ca_file, timeout=1))
        claims = signed_claims(station, CLAIMS, canary="FUK")
        sender = Sender(station.store, station.config, lambda: DEMO_CLIENT_SECRET,
                        lambda cid: b"%PDF-1.7 " + cid.encode(), sleep=lambda s: None)
        sender.run_until_idle(max_seconds=60)
        sender.close()
        assert station.store.outbox.counts() == {ob.ACCEPTED: CLAIMS}
        documents: dict[str, bytes] = {}
        store = station.store
        for claim_id in claims:  # handed in at a later visit
            data = f"%PDF-1.7 Nachweis {claim_id}".encode() + os.urandom(2000)
            with store.transaction() as tx:
                aid = store.attachments.add(tx, claim_id, "id_card", "application/pdf",
                                            data, ACTOR, store.claims.get_claim(claim_id).case_id)
                assert store.outbox.followups.route_document(tx, claim_id, aid, ACTOR)
            documents[claim_id] = data
        station.close()
        sb.app.faults.update({"error_rate": 0.05, "drop_rate": 0.05, "hang_seconds": 1.0,
                              "seed": 4})
        secrets = json.dumps([[s, u, v] for (s, u), v in kr.secrets.items()])
        kills = kill_at_random(station.dir.path, secrets, "followups", KILLS, rng, 0.1)
        sb.app.faults.update({"error_rate": 0, "drop_rate": 0})
        run_to_the_end(station.dir.path, secrets, "followups")  # the last one finishes
        assert sb.app.offices.wait_idle(30)
        followups: dict[str, list[tuple[str, str, set[str]]]] = {}
        originals = {}
        for rec in list(sb.app.store.received.values()):
            ref = rec.metadata["additionalReferenceInfo"]
            if "followUpOf" in ref:
                followups.setdefault(ref["senderReference"], []).append(
                    (rec.case_id, rec.decision,
                     {a["sha512"] for a in rec.attachments.values()}))
            else:
                originals[ref["senderReference"]] = rec.case_id
    finally:
        sb.stop()
    assert kills > KILLS // 2  # most runs were killed while sending
    assert {k: len(v) for k, v in followups.items()} == dict.fromkeys(claims, 1)
    for claim_id, data in documents.items():
        ((case_id, decision, hashes),) = followups[claim_id]
        assert (case_id, decision) == (originals[claim_id], "accepted")
        assert hashes == {hashlib.sha512(data).hexdigest()}
    station = Station.open(tmp_path / "station", keyring_backend=kr)
    try:
        assert station.store.outbox.followups.counts() == {ob.ACCEPTED: CLAIMS}
        assert {station.store.claims.get_claim(c).state for c in claims} == {"accepted"}
        assert station.store.integrity_problems() == []
        assert station.store.verify_audit()[1] == []
    finally:
        station.close()
