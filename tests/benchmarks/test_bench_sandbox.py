"""Benchmark: the sandbox's throughput for a bare create + 100 KB upload + submit loop.

Prints claims/s for plain HTTP without request validation (the limit), HTTPS without and with
OpenAPI validation, one and two client threads. Target: ~200 claims/s for the bare loop (the
sandbox must not be the bottleneck of the kiosk's sending benchmark). BENCH_CLAIMS sets the
count per run. The bodies are not encrypted (the offices reject them in the background).
Run: `pytest tests/benchmarks/test_bench_sandbox.py -s`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

CLAIMS = int(os.environ.get("BENCH_CLAIMS", "300"))
REPO = Path(__file__).resolve().parents[2]
BLOB = "eyJhbGciOiJSU0EtT0FFUC0yNTYifQ." + "A" * 100_000 + ".iv.ct.tag"
DEST = "00000000-0000-4000-8000-000000000101"
SERVICE = {"name": "Kindergeld", "identifier": "urn:de:fim:leika:leistung:99000000000101"}


def _start(sandbox_dir: Path, *flags: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0", "--dir", str(sandbox_dir), *flags],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert "sandbox on" in first, first
    return proc, first.split()[-1]


def _claims(base: str, verify: str | bool, count: int) -> None:
    with requests.Session() as s:
        # Per call: requests lets $REQUESTS_CA_BUNDLE override a session's own `verify`.
        token = s.post(base + "/token", verify=verify, data={
            "grant_type": "client_credentials", "client_id": "fvo-kiosk-demo-station",
            "client_secret": "demo-station-secret-not-for-production"}).json()["access_token"]
        s.headers["Authorization"] = f"Bearer {token}"
        for _ in range(count):
            aid = str(uuid.uuid4())
            r = s.post(base + "/v1/submissions", json={
                "destinationId": DEST, "announcedAttachments": [aid], "serviceType": SERVICE},
                verify=verify)
            assert r.status_code == 201, r.text
            sid = r.json()["submissionId"]
            r = s.put(f"{base}/v1/submissions/{sid}/attachments/{aid}", data=BLOB,
                      headers={"Content-Type": "application/jose"}, verify=verify)
            assert r.status_code == 204, r.text
            r = s.put(f"{base}/v1/submissions/{sid}",
                      json={"encryptedMetadata": BLOB[:2000], "encryptedData": BLOB[:2000]},
                      verify=verify)
            assert r.status_code == 202, r.text


def _rate(base: str, verify: str | bool, threads: int) -> float:
    _claims(base, verify, 5)  # warm-up: connections, token, caches
    per = CLAIMS // threads
    workers = [threading.Thread(target=_claims, args=(base, verify, per)) for _ in range(threads)]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return per * threads / (time.perf_counter() - t0)


def test_bench_sandbox_bare_claim_loop(tmp_path: Path) -> None:
    sandbox_dir = Path(os.environ.get("BENCH_SANDBOX_DIR", tmp_path / "sandbox"))
    rows = []
    for label, flags in (("http, no validation", ("--http", "--no-validate")),
                         ("https, no validation", ("--no-validate",)),
                         ("https, OpenAPI validation", ())):
        proc, base = _start(sandbox_dir, *flags)
        verify: str | bool = str(sandbox_dir / "ca.pem") if base.startswith("https") else True
        try:
            for threads in (1, 2):
                rows.append((label, threads, _rate(base, verify, threads)))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
            assert proc.stdout is not None
            proc.stdout.close()
    print(f"\nsandbox: create + 100 KB upload + submit, {CLAIMS} claims per run")
    for label, threads, rate in rows:
        print(f"  {label:28s} {threads} client thread(s): {rate:7.1f} claims/s")
    assert all(rate > 0 for _, _, rate in rows)
