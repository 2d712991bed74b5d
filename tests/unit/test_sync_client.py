"""The sending client against a small FIT-Connect TEST DOUBLE on loopback (fast, and able to
forge what a real service never would): each claim arrives exactly once, decrypts to what
the family signed, comes back accepted; forged receipts and a rejection. The same claims
against the real sandbox: tests/integration/test_sync_sandbox.py."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.store import outbox as ob
from tests.fake_fit_connect import CLIENT_SECRET, FakeFitConnect, fit_connect_section, root_pem
from tests.sync_support import make_sender, signed_claims
from tests.sync_support import sending_station as configured_station

N_FLAKY = int(os.environ.get("FVO_SYNC_CLAIMS", "200"))


@pytest.fixture
def fake() -> Iterator[FakeFitConnect]:
    with FakeFitConnect() as f:
        yield f


@pytest.fixture
def sending_station(tmp_path: Path, memory_keyring: Any, fake: FakeFitConnect
                    ) -> Iterator[Any]:
    root = tmp_path / "root.pem"
    root.write_bytes(root_pem())
    station = configured_station(tmp_path / "station", memory_keyring,
                                 fit_connect_section(fake.url, str(root)))
    try:
        yield station
    finally:
        station.close()


def test_signed_claims_arrive_once_decrypt_to_what_was_signed_and_end_accepted(
        sending_station, fake):
    pdf = b"%PDF-1.7 sealed claim " + os.urandom(2000)
    claims = signed_claims(sending_station, 4)
    store = sending_station.store
    assert {store.claims.get_claim(c).state for c in claims} == {"queued"}
    sender = make_sender(sending_station, CLIENT_SECRET, documents=lambda cid: pdf)
    report = sender.run_until_idle(max_seconds=30)
    assert report.online is True
    assert fake.arrived_once() == dict.fromkeys(claims, 1)
    for claim_id, canonical in claims.items():
        assert fake.arrivals[claim_id] == [canonical]
        assert fake.attachments_plain[claim_id] == [pdf]
        meta = fake.metadata[claim_id]
        (att,) = meta["contentStructure"]["attachments"]
        assert att["purpose"] == "form" and att["mimeType"] == "application/pdf"
        assert meta["publicServiceType"]["identifier"].startswith("urn:de:fim:leika:leistung:99")
        assert meta["contentStructure"]["data"]["submissionSchema"]["mimeType"] == \
            "application/json"
        head = meta["additionalReferenceInfo"]["stationAuditHead"]
        assert head["station_id"] == sending_station.identity.station_id
        assert store.claims.get_claim(claim_id).state == "accepted"
    assert store.outbox.counts() == {ob.ACCEPTED: 4}
    # Without a PDF (the documents work not there yet) the claim goes without attachment.
    (bare,) = signed_claims(sending_station, 1, start=10)
    make_sender(sending_station, CLIENT_SECRET).run_until_idle(max_seconds=30)
    assert fake.metadata[bare]["contentStructure"]["attachments"] == []
    assert store.claims.get_claim(bare).state == "accepted"


def test_while_a_third_of_requests_fail_every_claim_still_arrives_exactly_once(
        sending_station, fake):
    claims = signed_claims(sending_station, N_FLAKY)
    fake.fail_rate = 0.3
    sender = make_sender(sending_station, CLIENT_SECRET,
                         documents=lambda cid: b"%PDF " + cid.encode())
    for _ in range(200):
        sender.run_once()
        if not sending_station.store.outbox.entries(ob.TO_SEND + ob.AWAITING_RECEIPT):
            break
        # Back-off is real time; the test moves every row's next attempt to now instead.
        with sending_station.store.transaction() as tx:
            tx.execute("UPDATE outbox SET next_attempt_at = 0")
    assert fake.faults > N_FLAKY // 2  # the faults did happen
    assert fake.arrived_once() == dict.fromkeys(claims, 1)
    for claim_id, canonical in claims.items():
        assert fake.arrivals[claim_id] == [canonical]
        assert sending_station.store.claims.get_claim(claim_id).state == "accepted"


def test_a_claim_queued_before_a_key_rotation_arrives_readable_with_the_new_key(
        sending_station, fake):
    claims = list(signed_claims(sending_station, 6))
    sender = make_sender(sending_station, CLIENT_SECRET, documents=lambda cid: b"%PDF x")
    store = sending_station.store
    # Half of them announced with the old key, not yet uploaded or submitted:
    sender.destinations.forget()
    for entry in store.outbox.entries(ob.TO_SEND)[:3]:
        sender._announce(entry)
    old = {store.outbox.get(c).encryption_kid for c in claims[:3]}
    for dest in set(fake.current_kid):
        fake.rotate(dest, keep_old=False)  # the old private keys are gone at the office
    sender.run_until_idle(max_seconds=30)
    assert fake.arrived_once() == dict.fromkeys(claims, 1)
    for c in claims:
        assert store.claims.get_claim(c).state == "accepted"
        assert store.outbox.get(c).encryption_kid not in old


def test_a_forged_or_altered_event_token_changes_nothing(sending_station, fake):
    from tests.fake_fit_connect import rsa_key

    (claim,) = signed_claims(sending_station, 1)
    fake.answer = None  # the office files nothing itself; the test forges its answer
    store = sending_station.store
    sender = make_sender(sending_station, CLIENT_SECRET)
    sender.run_once()
    entry = store.outbox.get(claim)
    assert entry.state == ob.SUBMITTED
    sub = fake.submissions[entry.submission_id]
    log = fake.events[sub.case_id]
    # 1. signed by a stranger's key that claims the service's kid
    forged = fake.set_token(rsa_key(9), fake.service_kid, json.loads(json.dumps({
        "sub": f"submission:{sub.id}", "txn": f"case:{sub.case_id}",
        "events": {"https://schema.fitko.de/fit-connect/events/accept-submission": {}}})))
    # 2. a real token with its payload altered (reject turned into accept)
    real = fake.event(sub, "reject-submission", {"problems": []})
    head, payload, sig = real.split(".")
    import base64

    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body["events"] = {"https://schema.fitko.de/fit-connect/events/accept-submission": {}}
    altered = ".".join([head, base64.urlsafe_b64encode(json.dumps(body).encode()).decode()
                        .rstrip("="), sig])
    # 3. a token with alg none
    none = ".".join([base64.urlsafe_b64encode(b'{"alg":"none"}').decode().rstrip("="),
                     payload, ""])
    log += [forged, altered, none]
    report = sender.run_once()
    assert report.unverified_tokens == 3
    assert store.outbox.get(claim).state == ob.SUBMITTED
    assert store.claims.get_claim(claim).state == "sent"
    # The genuine acceptance still counts.
    log.append(fake.event(sub, "accept-submission"))
    sender.run_once()
    assert store.claims.get_claim(claim).state == "accepted"


def test_a_rejection_keeps_the_office_reason(sending_station, fake):
    (claim,) = signed_claims(sending_station, 1)
    fake.answer = "reject"
    make_sender(sending_station, CLIENT_SECRET).run_until_idle(max_seconds=30)
    store = sending_station.store
    assert store.claims.get_claim(claim).state == "rejected"
    assert "Unterlagen unvollständig" in (store.outbox.get(claim).reason or "")


def test_a_claim_whose_pdf_waits_for_the_seal_is_not_sent_until_it_is_sealed(
        sending_station, fake, memory_keyring):
    """Signed on a station without its seal certificate: the office gets the sealed PDF or
    nothing. After `seal import` the waiting claim goes, with the sealed PDF."""
    from kiosk.keys import KeyStore
    from kiosk.keys.seal_key import CERTS_ENTRY, KEY_ENTRY, make_demo_seal, store_seal
    from kiosk.signature.recorded import recorded_signature
    from kiosk.store import outbox as ob
    from kiosk.visit.claim_documents import seal_waiting
    from tests import households

    station = sending_station
    sid = station.identity.station_id
    for entry in (KEY_ENTRY, CERTS_ENTRY):
        memory_keyring.delete_password("fvo-kiosk", f"station:{sid}:{entry}")
    visit = station.visit("counsellor:1")
    claim_id = visit.add_claim(visit.create_case(households.load()), "kindergeld", None)
    visit.sign(claim_id, recorded_signature(), visit.summary(claim_id, "de").sha256)
    assert not station.store.documents.get(claim_id).sealed

    sender = make_sender(station, CLIENT_SECRET)
    report = sender.run_once()
    [claim] = [c for c in report.claims if c.claim_id == claim_id]
    assert "Siegel" in claim.detail and not fake.submissions  # nothing left the station
    assert station.store.outbox.get(claim_id).state == ob.QUEUED

    store_seal(KeyStore(sid, memory_keyring), make_demo_seal(sid, "Demo"))
    assert seal_waiting(station, "admin") == 1
    station.store.outbox.retry_later(claim_id, "sealed now", 0)  # IT need not wait 5 min
    sender.run_until_idle(max_seconds=30)
    sender.close()
    assert station.store.outbox.get(claim_id).state in (ob.SUBMITTED, ob.ACCEPTED)
    assert fake.submissions


def test_an_office_that_has_not_decided_is_asked_again_later_not_on_every_pass(
        sending_station, fake):
    """200 claims waiting days for their offices must not mean 200 requests a minute: a
    submitted claim is asked about again after a quarter of the time since it was
    submitted (at most every 15 minutes), and at once when it is due."""
    (claim,) = signed_claims(sending_station, 1)
    fake.answer = "none"  # the office takes its time
    sender = make_sender(sending_station, CLIENT_SECRET)
    first = sender.run_once()
    outbox = sending_station.store.outbox
    assert outbox.get(claim).state == ob.SUBMITTED
    assert [c.detail for c in first.claims if c.state == ob.SUBMITTED][-1] == \
        "Wartet auf die Bestätigung der Stelle."
    # Submitted an hour ago: the next question comes in a quarter of an hour (at most).
    with sending_station.store.transaction() as tx:
        tx.execute("UPDATE outbox SET updated_at = '2000-01-01T00:00:00+00:00', "
                   "next_attempt_at = 0 WHERE claim_id = ?", (claim,))
    sender.run_once()
    import time

    due = outbox.get(claim).next_attempt_at - time.time()
    assert 890 < due <= 900
    asked = fake.requests
    again = sender.run_once()  # the kiosk's next pass, a minute later
    assert fake.requests == asked and again.claims == []  # nobody asked the office
    fake.answer = "accept"
    with fake.lock:  # the office decides …
        (sub,) = [s for s in fake.submissions.values()]
        fake.events[sub.case_id].append(fake.event(sub, "accept-submission"))
    with sending_station.store.transaction() as tx:  # … and the claim's time has come
        tx.execute("UPDATE outbox SET next_attempt_at = 0 WHERE claim_id = ?", (claim,))
    last = sender.run_once()
    assert outbox.get(claim).state == ob.ACCEPTED, last
