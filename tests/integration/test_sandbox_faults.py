"""Faults on demand: 429 with Retry-After, server errors, timeouts, dropped connections, latency."""

from __future__ import annotations

import time

import pytest
import requests

from tests.integration.sandbox_fixtures import (
    client,
    control,
    running_sandbox,
    sandbox,
    sandbox_dir,
)

CREATE = {"destinationId": "00000000-0000-4000-8000-000000000101", "announcedAttachments": [],
          "serviceType": {"name": "Kindergeld",
                          "identifier": "urn:de:fim:leika:leistung:99000000000101"}}


def set_faults(sandbox, **faults):
    resp = control(sandbox, "PUT", "/sandbox/faults", json=faults)
    assert resp.status_code == 200, resp.text
    return resp.json()


def stats(sandbox):
    return control(sandbox, "GET", "/sandbox/stats").json()


def test_429_carries_retry_after_and_a_client_honouring_it_is_never_refused_early(sandbox,
                                                                                   client):
    client.token()
    set_faults(sandbox, rate_limit_rate=0.3, retry_after=1, seed=7)
    for _ in range(12):
        assert client.request("GET", "/v1/info", auth=False).status_code == 200
    assert client.waited and all(w == 1.0 for w in client.waited)
    assert stats(sandbox)["faults"].get("early_retry", 0) == 0


def test_a_client_ignoring_retry_after_keeps_getting_429(sandbox, client):
    set_faults(sandbox, rate_limit_rate=1.0, retry_after=30)
    impatient = type(client)(client.base, client.ca_file, honour_retry_after=False)
    resp = impatient.request("GET", "/v1/info", auth=False, retries=3)
    assert resp.status_code == 429
    assert resp.headers["Retry-After"] == "30"
    assert resp.json()["status"] == 429
    assert stats(sandbox)["faults"]["early_retry"] == 2


def test_error_rate_gives_mixed_server_errors_and_timeouts_then_recovers(sandbox, client):
    set_faults(sandbox, error_rate=1.0, hang_seconds=1.0, seed=3)
    seen = set()
    for _ in range(16):
        try:
            resp = requests.get(sandbox.base_url + "/v1/info", verify=str(sandbox.ca_file),
                                timeout=0.5)
            seen.add(resp.status_code)
            assert resp.headers["Content-Type"] == "application/problem+json"
        except requests.Timeout:
            seen.add("timeout")
    assert seen <= {500, 502, 503, "timeout"}
    assert len(seen) >= 3, seen
    set_faults(sandbox, error_rate=0.0)
    assert requests.get(sandbox.base_url + "/v1/info", verify=str(sandbox.ca_file),
                        timeout=5).status_code == 200


def test_a_failed_request_changes_nothing(sandbox, client):
    before = sum(stats(sandbox)["submissions"].values())
    set_faults(sandbox, error_rate=1.0, hang_seconds=0.2)
    for _ in range(5):
        try:
            resp = client.request("POST", "/v1/submissions", json=CREATE)
            assert resp.status_code >= 500
        except requests.RequestException:
            pass
    set_faults(sandbox, error_rate=0.0)
    assert sum(stats(sandbox)["submissions"].values()) == before


def test_dropped_connections_before_and_after_processing(sandbox, client):
    client.token()
    before = sum(stats(sandbox)["submissions"].values())
    set_faults(sandbox, drop_rate=1.0, seed=1)
    dropped = 0
    for _ in range(8):
        with pytest.raises(requests.ConnectionError):
            client.request("POST", "/v1/submissions", json=CREATE)
        dropped += 1
    counts = stats(sandbox)["faults"]
    set_faults(sandbox, drop_rate=0.0)
    # "drop-after" lost the reply of a request that was processed: the submission exists.
    created = sum(stats(sandbox)["submissions"].values()) - before
    assert counts.get("drop", 0) + counts.get("drop-after", 0) == dropped
    assert created == counts.get("drop-after", 0) > 0


def test_latency_is_added_to_every_api_request(sandbox, client):
    set_faults(sandbox, latency_ms=300)
    t0 = time.monotonic()
    assert client.request("GET", "/v1/info", auth=False).status_code == 200
    assert time.monotonic() - t0 >= 0.3
    t0 = time.monotonic()
    control(sandbox, "GET", "/sandbox/stats")
    assert time.monotonic() - t0 < 0.3  # the controls are never slowed down


def test_unknown_fault_settings_are_refused(sandbox):
    resp = control(sandbox, "PUT", "/sandbox/faults", json={"explode": 1})
    assert resp.status_code == 400


def test_a_retrying_client_gets_every_claim_through_mixed_faults(sandbox, client):
    """20 claims while a third of the requests fail in mixed ways: each one that the client
    completes is decided by its office exactly once, and the sandbox stays responsive."""
    from tests.integration.fitconnect_client import send

    client.token()
    client.timeout = 0.5
    set_faults(sandbox, error_rate=0.2, drop_rate=0.1, rate_limit_rate=0.03, retry_after=1,
               hang_seconds=0.6, seed=11)
    original = client.request

    def retrying(method, path, **kwargs):
        for _ in range(40):
            try:
                resp = original(method, path, **kwargs)
            except requests.RequestException:
                continue
            if resp.status_code < 500:
                return resp
        raise AssertionError("no answer after 40 tries")

    client.request = retrying
    sent = []
    for i in range(20):
        try:
            sent.append(send(client, "00000000-0000-4000-8000-000000000101", "99000000000101",
                             b'{"claim": %d}' % i, [b"%PDF-1.7 " * 50]))
        except AssertionError as exc:  # a lost reply to the submit: already submitted is done
            assert "already submitted" in str(exc) or "already" in str(exc), exc
    counts = stats(sandbox)["faults"]
    set_faults(sandbox, error_rate=0.0, drop_rate=0.0, rate_limit_rate=0.0)
    client.timeout = 10
    assert {"500", "502", "503", "timeout"} & set(counts) and (
        {"drop", "drop-after"} & set(counts)), counts
    assert counts.get("early_retry", 0) == 0
    assert control(sandbox, "POST", "/sandbox/idle", params={"timeout": 30}).status_code == 200
    for s in sent:
        assert client.decision(s.case_id)[0] == "accept"
        decided = [e for e in client.events(s.case_id)
                   if {"accept-submission", "reject-submission"}
                   & {k.rsplit("/", 1)[-1] for k in e["events"]}]
        assert len(decided) == 1
    assert len(sent) >= 15
