"""The demo offices decrypt, check and decide; any conforming client's submission is accepted."""

from __future__ import annotations

import json
import os

import pytest

from sandbox.config import OFFICE_CLIENT_ID
from tests.integration.fitconnect_client import send
from tests.integration.sandbox_fixtures import (
    client,
    control,
    running_sandbox,
    sandbox,
    sandbox_dir,
)

FAMILIENKASSE = "00000000-0000-4000-8000-000000000101"
JOBCENTER = "00000000-0000-4000-8000-000000000102"
CLAIM = json.dumps({"claim": "kindergeld", "children": [{"given_names": "Mia"}]},
                   sort_keys=True, separators=(",", ":")).encode()
PDF = b"%PDF-1.7\n" + os.urandom(100_000)


def office_client(sandbox, client):
    clients = json.loads((sandbox.app.dir / "clients.json").read_text())["clients"]
    secret = next(c["client_secret"] for c in clients if c["client_id"] == OFFICE_CLIENT_ID)
    return type(client)(client.base, client.ca_file, client_id=OFFICE_CLIENT_ID,
                        client_secret=secret)


def problem_types(body):
    return [p["type"].rsplit("/", 1)[-1] for p in body["problems"]]


@pytest.mark.parametrize(("kid_mode", "zip_"), [("thumbprint", True), ("kid", False)])
def test_a_third_party_submission_is_accepted_and_its_events_verify(client, sandbox, kid_mode,
                                                                   zip_):
    sent = send(client, FAMILIENKASSE, "99000000000101", CLAIM, [PDF], kid_mode=kid_mode,
                zip_=zip_)
    decision, body = client.decision(sent.case_id)
    assert decision == "accept", body
    events = [next(iter(e["events"])).rsplit("/", 1)[-1] for e in client.events(sent.case_id)]
    assert events == ["create-submission", "submit-submission", "accept-submission"]
    assert set(body["authenticationTags"]["attachments"]) == set(sent.attachment_ids)

    received = control(sandbox, "GET", f"/sandbox/received/{sent.submission_id}").json()
    assert received["decision"] == "accepted"
    assert received["data"] == json.loads(CLAIM)
    [(aid, att)] = received["attachments"].items()
    assert aid == sent.attachment_ids[0] and att["size"] == len(PDF)

    # As in FIT-Connect, only the office (a subscriber client) reads the submission itself.
    assert client.request("GET", f"/v1/submissions/{sent.submission_id}").status_code == 403
    office = office_client(sandbox, client)
    full = office.request("GET", f"/v1/submissions/{sent.submission_id}").json()
    assert full["caseId"] == sent.case_id and full["encryptedData"].count(".") == 4
    attachment = office.request("GET", f"/v1/submissions/{sent.submission_id}/attachments/"
                                f"{sent.attachment_ids[0]}")
    assert attachment.headers["Content-Type"] == "application/jose"
    assert attachment.text.count(".") == 4


def test_a_follow_up_goes_into_the_same_case(client):
    first = send(client, FAMILIENKASSE, "99000000000101", CLAIM, [PDF])
    resp = client.request("POST", "/v1/submissions", json={
        "destinationId": FAMILIENKASSE, "announcedAttachments": [], "caseId": first.case_id,
        "serviceType": {"name": "Kindergeld",
                        "identifier": "urn:de:fim:leika:leistung:99000000000101"}})
    assert resp.status_code == 201 and resp.json()["caseId"] == first.case_id
    assert resp.json()["submissionId"] != first.submission_id
    subjects = {e["sub"] for e in client.events(first.case_id)}
    assert subjects == {f"submission:{first.submission_id}",
                        f"submission:{resp.json()['submissionId']}"}


def test_a_large_compressed_attachment_passes_the_decompression_cap(client):
    big = os.urandom(600_000)  # incompressible: ~600 KB even with zip DEF
    sent = send(client, JOBCENTER, "99000000000106", CLAIM, [big], zip_=True)
    assert client.decision(sent.case_id)[0] == "accept"


def test_a_jwe_for_an_unknown_kid_is_rejected_with_the_reason(client):
    sent = send(client, FAMILIENKASSE, "99000000000102", CLAIM, [PDF],
                kid_mode="not-a-key-of-this-office")
    decision, body = client.decision(sent.case_id)
    assert decision == "reject"
    assert problem_types(body)[0] == "encryption-issue"
    assert "unknown or expired key" in body["problems"][0]["detail"]


def test_a_corrupt_jwe_is_rejected(client):
    sent = send(client, FAMILIENKASSE, "99000000000101", CLAIM, [PDF], tamper="data")
    decision, body = client.decision(sent.case_id)
    assert decision == "reject"
    assert problem_types(body) == ["encryption-issue"]
    assert body["problems"][0]["instance"] == "data"


def test_metadata_off_the_schema_is_rejected(client):
    def break_hash(md):
        md["contentStructure"]["data"]["hash"]["type"] = "md5"

    sent = send(client, FAMILIENKASSE, "99000000000101", CLAIM, [PDF], metadata_patch=break_hash)
    decision, body = client.decision(sent.case_id)
    assert decision == "reject"
    assert problem_types(body) == ["schema-violation"]
    assert "contentStructure/data/hash/type" in body["problems"][0]["detail"]


def test_data_differing_from_its_hash_is_rejected(client):
    sent = send(client, FAMILIENKASSE, "99000000000101", CLAIM, [PDF],
                data_hash_of=CLAIM + b" ")
    decision, body = client.decision(sent.case_id)
    assert decision == "reject" and problem_types(body) == ["hash-mismatch"]


def test_data_that_is_not_json_is_rejected(client):
    sent = send(client, FAMILIENKASSE, "99000000000101", b"<claim/>", [PDF])
    decision, body = client.decision(sent.case_id)
    assert decision == "reject" and problem_types(body) == ["syntax-violation"]


def test_an_attachment_missing_from_the_metadata_is_rejected(client):
    def drop_attachments(md):
        md["contentStructure"]["attachments"] = []

    sent = send(client, FAMILIENKASSE, "99000000000101", CLAIM, [PDF],
                metadata_patch=drop_attachments)
    decision, body = client.decision(sent.case_id)
    assert decision == "reject" and problem_types(body) == ["unexpected-attachment"]


def test_a_submission_cannot_be_submitted_twice(client):
    sent = send(client, FAMILIENKASSE, "99000000000101", CLAIM, [])
    again = client.request("PUT", f"/v1/submissions/{sent.submission_id}",
                           json={"encryptedMetadata": "a.b.c.d.e"})
    assert again.status_code == 422
    assert "already submitted" in again.json()["detail"]


def test_after_a_restart_the_receipts_are_still_there(client, sandbox, sandbox_dir):
    from sandbox.server import start_in_thread

    sent = send(client, FAMILIENKASSE, "99000000000101", CLAIM, [PDF])
    assert client.decision(sent.case_id)[0] == "accept"
    before = client.events(sent.case_id)
    restarted = start_in_thread(sandbox_dir)  # a second instance over the same directory
    try:
        again = type(client)(restarted.base_url, str(restarted.ca_file))
        assert [e["jti"] for e in again.events(sent.case_id)] == [e["jti"] for e in before]
        assert again.decision(sent.case_id)[0] == "accept"
        journal = (sandbox_dir / "journal.jsonl").read_text(encoding="utf-8")
        assert "Mia" not in journal  # what the family wrote never reaches the disk
        stats = again.request("GET", "/sandbox/stats", auth=False).json()
        assert stats["submissions"].get("accepted", 0) >= 1
    finally:
        restarted.stop()
