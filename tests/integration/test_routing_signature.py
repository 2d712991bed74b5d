"""The Routing API's destinationSignature, against the sandbox over HTTPS on loopback: a route
signed by the demo Self-Service-Portal is used and the claim arrives there; a forged, altered or
swapped one leaves the claim waiting with a plain German message and nothing is sent; a route
verified once keeps working while the station is offline."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk.store import outbox as ob
from kiosk.sync.routing_signature import REFUSED_DE
from kiosk.sync.sender import Sender
from tests.integration.conftest import sandbox_section
from tests.sync_support import sandbox_secret, sending_station, signed_claims

FAMILIENKASSE = "00000000-0000-4000-8000-000000000101"
#: What the station's own configuration names for the Familienkasse in these tests: no office
#: of the sandbox, so a claim that arrives can only have been routed.
UNROUTED = "00000000-0000-4000-8000-0000000009ff"


def _faults(sb: Any, **changes: Any) -> None:
    r = requests.put(sb.base_url + "/sandbox/faults", json=changes, verify=str(sb.ca_file),
                     timeout=30)
    r.raise_for_status()


def _submissions(sb: Any) -> set[str]:
    with sb.app.store.lock:
        return set(sb.app.store.submissions)


def _received_by(sb: Any) -> dict[str, str]:
    """senderReference (claim id) -> destination id of every submission an office received."""
    out: dict[str, str] = {}
    for item in requests.get(sb.base_url + "/sandbox/received", verify=str(sb.ca_file),
                             timeout=30).json()["received"]:
        detail = requests.get(sb.base_url + f"/sandbox/received/{item['submissionId']}",
                              verify=str(sb.ca_file), timeout=30).json()
        out[detail["metadata"]["additionalReferenceInfo"]["senderReference"]] = \
            item.get("destinationId", "")
    return out


@pytest.fixture
def routed_station(tmp_path: Path, memory_keyring: Any, fit_sandbox: Any) -> Iterator[Any]:
    """A station that trusts the sandbox's demo portal and whose own configuration does not
    know the Familienkasse's destination (only the Routing API does)."""
    import json

    from kiosk.resources import resource_path

    offices = json.loads(resource_path("station", "demo.json").read_text())["offices"]
    offices["familienkasse"]["destination_id"] = UNROUTED
    station = sending_station(tmp_path / "station", memory_keyring,
                              sandbox_section(fit_sandbox, timeout=5), offices=offices)
    try:
        yield station
    finally:
        station.close()


def _sender(station: Any) -> Sender:
    return Sender(station.store, station.config, sandbox_secret, lambda cid: b"%PDF-1.7 sealed x",
                  sleep=lambda s: None)


def _one_kindergeld_claim(station: Any) -> str:
    (claim_id,) = signed_claims(station, 1, canary="ROUTESIG")  # index 0: Kindergeld
    assert station.store.outbox.get(claim_id).leika == "99000000000101"
    return claim_id


def test_a_route_signed_by_the_portal_is_used_and_the_claim_arrives_there(
        routed_station, fit_sandbox):
    claim_id = _one_kindergeld_claim(routed_station)
    sender = _sender(routed_station)
    try:
        report = sender.run_until_idle(max_seconds=60)
    finally:
        sender.close()
    assert report.online is True
    assert routed_station.store.outbox.get(claim_id).state == ob.ACCEPTED
    arrived = _received_by(fit_sandbox)
    assert claim_id in arrived
    assert arrived[claim_id] == FAMILIENKASSE  # the routed office, not UNROUTED


@pytest.mark.parametrize("fault", ["altered", "foreign-key", "none", "hs512", "swap",
                                   "expired", "wrong-host", "parameters-altered",
                                   "parameters-unsigned"])
def test_a_forged_or_mismatched_route_is_refused_and_nothing_is_sent(
        routed_station, fit_sandbox, fault, caplog):
    claim_id = _one_kindergeld_claim(routed_station)
    before = _submissions(fit_sandbox)
    _faults(fit_sandbox, routing_signature=fault)
    sender = _sender(routed_station)
    try:
        with caplog.at_level(logging.WARNING):
            first = sender.run_once()
        again = sender.run_once()  # waits for a person: not tried again by itself
    finally:
        sender.close()
    entry = routed_station.store.outbox.get(claim_id)
    assert entry.state == ob.NEEDS_ATTENTION
    assert entry.last_error == REFUSED_DE
    assert [(c.claim_id, c.state, c.detail) for c in first.claims] == [
        (claim_id, ob.NEEDS_ATTENTION, REFUSED_DE)]
    assert again.claims == []
    assert _submissions(fit_sandbox) == before  # not even announced, to no destination
    assert claim_id not in _received_by(fit_sandbox)
    refused = [r.getMessage() for r in caplog.records if "destinationSignature" in r.getMessage()]
    assert refused, "the refusal is logged"
    assert all("ROUTESIG" not in line for line in caplog.messages)  # no personal data


def test_the_claim_goes_once_a_person_asks_again_after_the_route_is_good_again(
        routed_station, fit_sandbox):
    claim_id = _one_kindergeld_claim(routed_station)
    _faults(fit_sandbox, routing_signature="swap")
    sender = _sender(routed_station)
    try:
        sender.run_once()
        assert routed_station.store.outbox.get(claim_id).state == ob.NEEDS_ATTENTION
        _faults(fit_sandbox, routing_signature="")
        routed_station.store.outbox.send_again(claim_id, "it:1")
        sender.run_until_idle(max_seconds=60)
    finally:
        sender.close()
    assert routed_station.store.outbox.get(claim_id).state == ob.ACCEPTED
    assert claim_id in _received_by(fit_sandbox)


def test_a_route_verified_once_keeps_working_while_offline(routed_station, fit_sandbox):
    first = _one_kindergeld_claim(routed_station)
    sender = _sender(routed_station)
    try:
        sender.run_until_idle(max_seconds=60)
    finally:
        sender.close()
    assert routed_station.store.outbox.get(first).state == ob.ACCEPTED

    (second,) = signed_claims(routed_station, 1, canary="ROUTESIG", start=4)  # Kindergeld
    _faults(fit_sandbox, error_rate=1.0)  # every request of the station fails: offline
    offline = _sender(routed_station)  # a new process: nothing remembered but the store
    try:
        assert offline.destinations.destination_for("99000000000101", UNROUTED) == FAMILIENKASSE
        offline.run_once()
        assert routed_station.store.outbox.get(second).state in ob.TO_SEND  # waits, no alarm
        _faults(fit_sandbox, error_rate=0.0)
        offline.run_until_idle(max_seconds=60)
    finally:
        offline.close()
    assert routed_station.store.outbox.get(second).state == ob.ACCEPTED


def test_the_demo_portal_publishes_its_own_key_and_the_fault_switch_takes_only_known_kinds(
        fit_sandbox):
    get = lambda path: requests.get(fit_sandbox.base_url + path,  # noqa: E731
                                    verify=str(fit_sandbox.ca_file), timeout=30)
    (portal,) = get("/portal/.well-known/jwks.json").json()["keys"]
    assert (portal["kty"], portal["alg"], portal["key_ops"]) == ("RSA", "PS512", ["verify"])
    service = {k["kid"] for k in get("/.well-known/jwks.json").json()["keys"]}
    assert portal["kid"] not in service  # the Zustelldienst's keys cannot sign routes
    bad = requests.put(fit_sandbox.base_url + "/sandbox/faults",
                       json={"routing_signature": "nonsense"}, verify=str(fit_sandbox.ca_file),
                       timeout=30)
    assert bad.status_code == 400
    assert get("/sandbox/faults").json()["routing_signature"] == ""
