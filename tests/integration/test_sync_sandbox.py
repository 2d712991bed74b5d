"""Sending against the local FIT-Connect sandbox (package ``sandbox/``, HTTPS on loopback,
request validation, offices that decrypt and decide): exactly once under mixed faults, key
rotation mid-queue, nothing but verified receipts count."""

from __future__ import annotations

import json
import os
import time
from typing import Any

from kiosk.store import outbox as ob
from kiosk.sync.sender import Sender
from tests.sync_support import sandbox_control, sandbox_secret, signed_claims

N_FLAKY = int(os.environ.get("FVO_SYNC_CLAIMS", "200"))


def _arrivals(sb: Any) -> dict[str, list[Any]]:
    """Claim id -> the decrypted data of every submission the offices received for it."""
    found: dict[str, list[Any]] = {}
    for item in sandbox_control(sb, "GET", "/sandbox/received")["received"]:
        detail = sandbox_control(sb, "GET", f"/sandbox/received/{item['submissionId']}")
        ref = detail["metadata"]["additionalReferenceInfo"]["senderReference"]
        found.setdefault(ref, []).append((detail["decision"], detail["data"], detail["kids"]))
    return found


def _sender(station: Any, pdf: bytes | None = None) -> Sender:
    return Sender(station.store, station.config, sandbox_secret,
                  (lambda cid: pdf) if pdf is not None else None)


def _drain(sender: Sender, store: Any, seconds: float) -> None:
    end = time.monotonic() + seconds
    while store.outbox.entries(ob.TO_SEND + ob.AWAITING_RECEIPT) and time.monotonic() < end:
        sender.run_until_idle(max_seconds=max(1.0, end - time.monotonic()))


def test_claims_sent_while_a_third_of_requests_fail_arrive_once_and_end_accepted(
        sandbox_station, fit_sandbox):
    claims = signed_claims(sandbox_station, N_FLAKY, canary="SBX")
    sandbox_control(fit_sandbox, "PUT", "/sandbox/faults", json={
        "error_rate": 0.13, "drop_rate": 0.15, "rate_limit_rate": 0.02, "retry_after": 1,
        "hang_seconds": 1.5, "seed": 11})
    store = sandbox_station.store
    sender = _sender(sandbox_station, b"%PDF-1.7 sealed " + b"x" * 1000)
    _drain(sender, store, 240)
    counts = sandbox_control(fit_sandbox, "GET", "/sandbox/stats")["faults"]
    sandbox_control(fit_sandbox, "PUT", "/sandbox/faults", json={
        "error_rate": 0, "drop_rate": 0, "rate_limit_rate": 0})
    assert sum(counts.values()) > N_FLAKY // 2, counts  # the faults did happen
    assert counts.get("early_retry", 0) == 0, counts  # Retry-After was honoured
    arrived = _arrivals(fit_sandbox)
    mine = {k: v for k, v in arrived.items() if k in claims}
    assert {k: len(v) for k, v in mine.items()} == dict.fromkeys(claims, 1)
    for claim_id, canonical in claims.items():
        ((decision, data, _kids),) = mine[claim_id]
        assert decision == "accepted"
        assert data == json.loads(canonical)  # decrypts to the frozen canonical JSON
        assert store.claims.get_claim(claim_id).state == "accepted"


def test_claims_queued_before_a_key_rotation_arrive_readable_with_the_new_key(
        sandbox_station, fit_sandbox):
    sandbox_control(fit_sandbox, "PUT", "/sandbox/settings", json={"keyGraceSeconds": 0})
    try:
        claims = list(signed_claims(sandbox_station, 6, canary="ROT"))
        store = sandbox_station.store
        sender = _sender(sandbox_station, b"%PDF rot")
        sender.destinations.forget()
        for entry in store.outbox.entries(ob.TO_SEND)[:3]:
            sender._announce(entry)  # announced with the old key, nothing uploaded yet
        old = {store.outbox.get(c).encryption_kid for c in claims[:3]}
        for dest in {store.outbox.get(c).destination_id for c in claims}:
            sandbox_control(fit_sandbox, "POST", f"/sandbox/destinations/{dest}/rotate")
        _drain(sender, store, 60)
    finally:
        sandbox_control(fit_sandbox, "PUT", "/sandbox/settings", json={"keyGraceSeconds": 86400})
    arrived = _arrivals(fit_sandbox)
    for c in claims:
        ((decision, _data, kids),) = arrived[c]
        assert decision == "accepted"
        assert not set(kids) & old
        assert store.claims.get_claim(c).state == "accepted"


def test_an_altered_receipt_from_the_sandbox_changes_nothing(sandbox_station, fit_sandbox,
                                                             monkeypatch):
    import base64

    (claim,) = signed_claims(sandbox_station, 1, canary="ALT")
    store = sandbox_station.store
    sender = _sender(sandbox_station)
    real_events = sender.api.case_events

    def altered(case_id: str) -> list[str]:
        out = []
        for token in real_events(case_id):
            head, payload, sig = token.split(".")
            body = json.loads(base64.urlsafe_b64decode(payload + "=="))
            body["iat"] = int(body.get("iat", 0)) + 1  # one second changed
            out.append(".".join([head, base64.urlsafe_b64encode(
                json.dumps(body).encode()).decode().rstrip("="), sig]))
        return out

    monkeypatch.setattr(sender.api, "case_events", altered)
    sender.run_once()
    assert store.outbox.get(claim).state == ob.SUBMITTED
    sandbox_control(fit_sandbox, "POST", "/sandbox/idle?timeout=20")  # the office has decided
    report = sender.run_once()
    assert report.unverified_tokens >= 3  # create, submit, accept: all altered, all refused
    assert store.outbox.get(claim).state == ob.SUBMITTED
    assert store.claims.get_claim(claim).state == "sent"
    monkeypatch.undo()
    _drain(sender, store, 30)
    assert store.claims.get_claim(claim).state == "accepted"


def test_supporting_documents_travel_with_the_claim(sandbox_station, fit_sandbox):
    """A Nachweis attached before signing is announced and uploaded with the claim (purpose
    `attachment`, named after the form's document, never the family's file), encrypted for
    the office, and arrives byte for byte."""
    import hashlib
    import io

    from PIL import Image

    from kiosk.signature.recorded import recorded_signature
    from tests import households

    visit = sandbox_station.visit("counsellor:1")
    case_id = visit.create_case(households.load("single_parent_three_children"))
    claim_id = visit.add_claim(case_id, "wohngeld", None)
    document = next(m for m in visit.questions(claim_id).missing if m.kind == "document")
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 30)).save(photo, format="PNG")
    visit.attach(claim_id, document.id, "familie-scan.png", photo.getvalue())
    (_doc, mime, stored), = visit.attachments_for_sending(claim_id)
    visit.sign(claim_id, recorded_signature(), visit.summary(claim_id, "de").sha256)

    sender = _sender(sandbox_station)
    _drain(sender, sandbox_station.store, 60)
    sender.close()
    received = [sandbox_control(fit_sandbox, "GET", f"/sandbox/received/{item['submissionId']}")
                for item in sandbox_control(fit_sandbox, "GET", "/sandbox/received")["received"]]
    (detail,) = [d for d in received
                 if d["metadata"]["additionalReferenceInfo"]["senderReference"] == claim_id]
    announced = detail["metadata"]["contentStructure"]["attachments"]
    supporting = [a for a in announced if a["purpose"] == "attachment"]
    assert [a["mimeType"] for a in supporting] == [mime]
    assert supporting[0]["filename"].startswith(document.id.split("[")[0])
    assert "familie" not in supporting[0]["filename"]
    assert supporting[0]["hash"]["content"] == hashlib.sha512(stored).hexdigest()
    assert {a["purpose"] for a in announced} == {"form", "attachment"}  # the sealed PDF too
    assert sum(1 for a in detail["attachments"].values()
               if a["sha512"] == hashlib.sha512(stored).hexdigest()) == 1
    assert visit.claim(claim_id).state in ("sent", "accepted")
