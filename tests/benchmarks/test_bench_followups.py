"""Benchmark: follow-ups (one 100 KB document handed in after the claim was accepted) sent
through the kiosk's whole path to the sandbox (own process, HTTPS, request validation on),
beside the claims themselves (100 KB PDF each) on the same path, in one run.
Run: `pytest tests/benchmarks/test_bench_followups.py -s`; FVO_BENCH_FOLLOWUPS (default 50).
"""

from __future__ import annotations

import os
import time

from kiosk.store import outbox as ob
from kiosk.sync.sender import Sender
from tests.benchmarks.test_bench_sync import PDF, _start_sandbox
from tests.conftest import MemoryKeyring
from tests.sync_support import ACTOR, sandbox_fit_connect, sending_station, signed_claims

N = int(os.environ.get("FVO_BENCH_FOLLOWUPS", "50"))


def test_bench_follow_ups_beside_claims(tmp_path):
    from sandbox.config import DEMO_CLIENT_SECRET

    proc, base, ca = _start_sandbox(tmp_path / "sandbox")
    try:
        keyring = MemoryKeyring()
        station = sending_station(tmp_path / "station", keyring, sandbox_fit_connect(base, ca))
        try:
            store = station.store
            claims = signed_claims(station, N, canary="BENCHFU")
            sender = Sender(store, station.config, lambda: DEMO_CLIENT_SECRET, lambda c: PDF)
            t0 = time.perf_counter()
            while store.outbox.entries(ob.TO_SEND):
                sender.run_once(receipts=False)
            rate_claims = N / (time.perf_counter() - t0)
            sender.run_until_idle(max_seconds=120)  # receipts: the claims are accepted
            document = b"%PDF-1.7\n" + os.urandom(100 * 1024)
            for claim_id in claims:
                with store.transaction() as tx:
                    aid = store.attachments.add(tx, claim_id, "id_card", "application/pdf",
                                                document, ACTOR,
                                                store.claims.get_claim(claim_id).case_id)
                    store.outbox.followups.route_document(tx, claim_id, aid, ACTOR)
            t0 = time.perf_counter()
            while store.outbox.followups.entries(ob.TO_SEND):
                sender.run_once(receipts=False)
            rate_followups = N / (time.perf_counter() - t0)
            assert store.outbox.followups.counts() == {ob.SUBMITTED: N}
            sender.close()
        finally:
            station.close()
    finally:
        proc.terminate()
        proc.wait(30)
    print(f"\n{N} claims, then {N} follow-ups, 100 KB each, kiosk's whole path (HTTPS):")
    print(f"  claims     {rate_claims:7.1f} /s")
    print(f"  follow-ups {rate_followups:7.1f} /s   = {rate_followups / rate_claims:.2f} x claims")
