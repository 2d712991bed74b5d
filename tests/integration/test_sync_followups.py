"""Follow-ups (Nachreichungen) against the local FIT-Connect sandbox over HTTPS on loopback: a
document handed in after its claim left arrives in the claim's FIT-Connect case as a second
submission, decrypts to the exact bytes, survives a crash between submit and record without
a second submission, is never sent for a withdrawn claim, and purge waits for it."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from jwcrypto import jwe as jose_jwe

from kiosk.errors import InvalidInput
from kiosk.signature.recorded import recorded_signature
from kiosk.store import outbox as ob
from kiosk.sync import receipts
from kiosk.sync.retention import purge
from kiosk.sync.sender import Sender
from kiosk.visit.attachments import FOLLOW_UP_NOTICE
from tests import households
from tests.sync_support import sandbox_control, sandbox_secret


def _png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, format="PNG")
    return out.getvalue()


def _signed_claim(station: Any, attach_before: bool = False) -> tuple[Any, str, list[str]]:
    """A Wohngeld claim signed and queued; the ids of the documents the form asks for."""
    visit = station.visit("counsellor:1")
    case_id = visit.create_case(households.load("single_parent_three_children"))
    claim_id = visit.add_claim(case_id, "wohngeld", None)
    documents = [m.id for m in visit.questions(claim_id).missing if m.kind == "document"]
    if attach_before:
        visit.attach(claim_id, documents[0], "vorher.png", _png((10, 200, 10)))
    visit.sign(claim_id, recorded_signature(), visit.summary(claim_id, "de").sha256)
    return visit, claim_id, documents


def _sender(station: Any) -> Sender:
    return Sender(station.store, station.config, sandbox_secret, sleep=lambda s: None)


def _in_case(sb: Any, fc_case_id: str) -> list[dict[str, Any]]:
    """What the offices received in one FIT-Connect case, in order, in detail."""
    items = [i for i in sandbox_control(sb, "GET", "/sandbox/received")["received"]
             if i["caseId"] == fc_case_id]
    return [sandbox_control(sb, "GET", f"/sandbox/received/{i['submissionId']}")
            for i in sorted(items, key=lambda i: i["at"])]


def _decrypted_attachments(sb: Any, submission_id: str) -> list[bytes]:
    """The attachments of a submission as the office decrypts them (its private key)."""
    app = sb.app
    sub = app.store.get(submission_id)
    out = []
    for token in sub.attachments.values():
        obj = jose_jwe.JWE()
        obj.deserialize(token)
        key = app.keys.decryption_key(sub.destination_id, obj.jose_header.get("kid"))
        obj.decrypt(key.private)
        out.append(bytes(obj.payload))
    return out


def _stored(store: Any, attachment_id: str) -> bytes:
    return store.attachments.data(attachment_id)


def test_a_document_handed_in_after_acceptance_arrives_in_the_same_case(sandbox_station,
                                                                        fit_sandbox):
    store = sandbox_station.store
    visit, claim_id, documents = _signed_claim(sandbox_station)
    sender = _sender(sandbox_station)
    sender.run_until_idle(max_seconds=60)
    assert store.claims.get_claim(claim_id).state == "accepted"
    original = store.outbox.get(claim_id)

    later = _png((30, 30, 220))
    attached = visit.attach(claim_id, documents[-1], "familie-nachgereicht.png", later)
    assert attached.notice == FOLLOW_UP_NOTICE  # what the counsellor is told
    stored = _stored(store, attached.id)  # as kept: cleaned (re-encoded, no metadata)
    (followup,) = store.outbox.followups.of_claim(claim_id)
    assert followup.state == ob.QUEUED
    # Purge never deletes a document still waiting to be sent, nor the claim it follows.
    assert purge(store, 0, now=datetime.now(UTC) + timedelta(days=400)) == []
    assert _stored(store, attached.id)

    report = sender.run_until_idle(max_seconds=60)
    sender.close()
    assert store.outbox.followups.get(followup.id).state == ob.ACCEPTED
    assert {(f.id, f.claim_id) for f in report.followups} <= {(followup.id, claim_id)}
    # The claim's own state and row are untouched by the follow-up's events.
    assert store.claims.get_claim(claim_id).state == "accepted"
    assert store.outbox.get(claim_id).accepted_at == original.accepted_at

    first, second = _in_case(fit_sandbox, original.fc_case_id)
    assert first["submissionId"] == original.submission_id
    assert second["submissionId"] == store.outbox.followups.get(followup.id).submission_id
    assert second["decision"] == "accepted", second["problems"]
    meta = second["metadata"]
    assert meta["additionalReferenceInfo"]["followUpOf"] == original.submission_id
    assert meta["additionalReferenceInfo"]["senderReference"] == claim_id
    assert "data" not in meta["contentStructure"] and second["data"] is None  # no claim again
    (announced,) = meta["contentStructure"]["attachments"]
    assert announced["purpose"] == "attachment"
    assert "familie" not in announced.get("filename", "")
    assert _decrypted_attachments(fit_sandbox, second["submissionId"]) == [stored]
    assert announced["hash"]["content"] == hashlib.sha512(stored).hexdigest()

    # The case's event log shows both submissions; the follow-up's events are its own.
    check, check_report = _sender(sandbox_station), _report()
    events = check._events(store.outbox.get(claim_id), check_report)
    check.close()
    assert check_report.unverified_tokens == 0
    by_sub: dict[str | None, set[str]] = {}
    for e in events:
        by_sub.setdefault(e.submission_id, set()).add(e.name)
    for sub in (original.submission_id, second["submissionId"]):
        assert {receipts.SUBMIT, receipts.ACCEPT} <= by_sub[sub]

    # status reports follow-ups by id and state, with no personal data.
    summary = store.outbox.followups.summary()
    assert summary == [{"id": followup.id, "claim_id": claim_id, "state": "accepted",
                        "documents": 1}]
    # Both accepted: purge deletes the claim's documents and the follow-up's.
    purged = purge(store, 0, now=datetime.now(UTC) + timedelta(days=1))
    assert [p.claim_id for p in purged] == [claim_id]
    assert store.attachments.of_claim(claim_id) == []
    assert store.outbox.followups.get(followup.id).purged_at is not None


def _report() -> Any:
    from kiosk.sync.sender import RunReport

    return RunReport()


def test_a_document_added_while_the_claim_is_in_flight_follows_it(sandbox_station,
                                                                  fit_sandbox):
    """The in-flight submission keeps exactly what it announced; the new document waits
    until the claim is at the office and then follows it in the same case."""
    store = sandbox_station.store
    visit, claim_id, documents = _signed_claim(sandbox_station, attach_before=True)
    (with_claim,) = visit.attachments(claim_id)
    sender = _sender(sandbox_station)
    sender._announce(store.outbox.get(claim_id))  # announced, nothing uploaded yet
    announced = [a.sha512 for a in store.outbox.get(claim_id).attachments]
    assert visit.claim(claim_id).state == "sending"

    later = _png((240, 240, 0))
    attached = visit.attach(claim_id, documents[-1], "spaeter.png", later)
    assert attached.notice == FOLLOW_UP_NOTICE
    stored = _stored(store, attached.id)
    assert [a.sha512 for a in store.outbox.get(claim_id).attachments] == announced
    with pytest.raises(InvalidInput) as refused:
        visit.remove_attachment(with_claim.id)  # announced with the claim: stays
    assert "auf dem Weg zur Stelle" in refused.value.user_message

    sender.run_until_idle(max_seconds=60)
    sender.close()
    entry = store.outbox.get(claim_id)
    (followup,) = store.outbox.followups.of_claim(claim_id)
    assert (entry.state, followup.state) == (ob.ACCEPTED, ob.ACCEPTED)
    first, second = _in_case(fit_sandbox, entry.fc_case_id)
    carried = [a["hash"]["content"] for a in first["metadata"]["contentStructure"]["attachments"]]
    assert hashlib.sha512(stored).hexdigest() not in carried
    assert hashlib.sha512(_stored(store, with_claim.id)).hexdigest() in carried
    assert _decrypted_attachments(fit_sandbox, second["submissionId"]) == [stored]


class Crash(BaseException):
    """The process dies right after the submit call, before its answer is recorded."""


def test_a_crash_between_submit_and_record_does_not_submit_the_follow_up_twice(
        sandbox_station, fit_sandbox):
    store = sandbox_station.store
    visit, claim_id, documents = _signed_claim(sandbox_station)
    sender = _sender(sandbox_station)
    sender.run_until_idle(max_seconds=60)
    visit.attach(claim_id, documents[-1], "x.png", _png((1, 2, 3)))
    (followup,) = store.outbox.followups.of_claim(claim_id)

    real_submit = sender.api.submit

    def submit_then_die(*args: Any) -> None:
        real_submit(*args)
        raise Crash

    sender.api.submit = submit_then_die  # type: ignore[method-assign]
    with pytest.raises(Crash):
        sender.run_once()
    sender.close()
    assert store.outbox.followups.get(followup.id).state == ob.SUBMITTING

    resumed = _sender(sandbox_station)
    calls: list[Any] = []
    real = resumed.api.submit
    resumed.api.submit = lambda *a: (calls.append(a), real(*a))[1]  # type: ignore[method-assign]
    resumed.run_until_idle(max_seconds=60)
    resumed.close()
    assert calls == []  # the case's events showed it arrived: never submitted again
    assert store.outbox.followups.get(followup.id).state == ob.ACCEPTED
    received = _in_case(fit_sandbox, store.outbox.get(claim_id).fc_case_id)
    assert len(received) == 2
    assert [r["decision"] for r in received] == ["accepted", "accepted"]


def test_a_follow_up_of_a_withdrawn_claim_is_not_sent(sandbox_station, fit_sandbox):
    store = sandbox_station.store
    visit, claim_id, documents = _signed_claim(sandbox_station)
    sender = _sender(sandbox_station)
    sender._announce(store.outbox.get(claim_id))  # announced, then stuck
    attached = visit.attach(claim_id, documents[-1], "x.png", _png((9, 9, 9)))
    assert attached.notice == FOLLOW_UP_NOTICE
    store.outbox.needs_attention(claim_id, "Test: bitte prüfen")
    visit.withdraw_case(visit.claim(claim_id).case_id)
    assert visit.claim(claim_id).state == "withdrawn"

    report = sender.run_until_idle(max_seconds=30)
    sender.close()
    (followup,) = store.outbox.followups.of_claim(claim_id)
    assert followup.state == ob.CANCELLED
    assert followup.submission_id is None
    assert [(f.id, f.state) for f in report.followups] == [(followup.id, ob.CANCELLED)]
    assert _in_case(fit_sandbox, store.outbox.get(claim_id).fc_case_id) == []
    assert json.dumps(store.outbox.followups.summary()).count(claim_id) == 1


def test_the_office_rejects_a_follow_up_naming_a_submission_not_in_its_case(
        sandbox_station, fit_sandbox, monkeypatch):
    """The sandbox office checks the reference; its rejection moves only the follow-up."""
    from kiosk.sync import followups as followups_module

    store = sandbox_station.store
    visit, claim_id, documents = _signed_claim(sandbox_station)
    sender = _sender(sandbox_station)
    sender.run_until_idle(max_seconds=60)
    visit.attach(claim_id, documents[-1], "x.png", _png((5, 5, 5)))
    real = followups_module.build_followup_metadata

    def elsewhere(**kw: Any) -> Any:
        return real(**dict(kw, original_submission_id="00000000-0000-4000-8000-00000000dead"))

    monkeypatch.setattr(followups_module, "build_followup_metadata", elsewhere)
    sender.run_until_idle(max_seconds=60)
    sender.close()
    (followup,) = store.outbox.followups.of_claim(claim_id)
    assert followup.state == ob.REJECTED
    assert "not in this case" in (followup.reason or "")
    assert store.claims.get_claim(claim_id).state == "accepted"
    assert store.outbox.get(claim_id).state == ob.ACCEPTED
