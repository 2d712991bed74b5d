"""Key rotation: a new encryptionKid at once; the old key decrypts for the grace period only."""

from __future__ import annotations

import json

from tests.integration.fitconnect_client import send
from tests.integration.sandbox_fixtures import (
    client,
    control,
    running_sandbox,
    sandbox,
    sandbox_dir,
)

WOHNGELD = "00000000-0000-4000-8000-000000000103"
CLAIM = json.dumps({"claim": "wohngeld"}).encode()


def test_rotation_publishes_a_new_kid_and_old_key_submissions_arrive_within_grace(client,
                                                                                 sandbox):
    old_key = client.encryption_key(WOHNGELD)
    rotated = control(sandbox, "POST", f"/sandbox/destinations/{WOHNGELD}/rotate").json()
    info = client.request("GET", f"/v1/destinations/{WOHNGELD}").json()
    assert info["encryptionKid"] == rotated["encryptionKid"] != old_key.get("kid")

    in_flight = send(client, WOHNGELD, "99000000000104", CLAIM, [b"%PDF"], key=old_key)
    assert client.decision(in_flight.case_id)[0] == "accept"
    new = send(client, WOHNGELD, "99000000000104", CLAIM, [b"%PDF"])
    assert client.decision(new.case_id)[0] == "accept"
    received = control(sandbox, "GET", f"/sandbox/received/{new.submission_id}").json()
    assert received["kids"] == [rotated["encryptionKid"]]


def test_after_the_grace_period_the_old_key_is_gone(client, sandbox):
    old_key = client.encryption_key(WOHNGELD)
    control(sandbox, "POST", f"/sandbox/destinations/{WOHNGELD}/rotate")
    assert control(sandbox, "PUT", "/sandbox/settings",
                   json={"keyGraceSeconds": 0}).status_code == 200
    late = send(client, WOHNGELD, "99000000000104", CLAIM, [b"%PDF"], key=old_key)
    decision, body = client.decision(late.case_id)
    assert decision == "reject"
    assert "unknown or expired key" in body["problems"][0]["detail"]
    gone = client.request("GET", f"/v1/destinations/{WOHNGELD}/keys/{old_key.get('kid')}",
                          auth=False)
    assert gone.status_code == 404


def test_the_faults_endpoint_rotates_keys_too(client, sandbox):
    before = client.request("GET", f"/v1/destinations/{WOHNGELD}").json()["encryptionKid"]
    resp = control(sandbox, "PUT", "/sandbox/faults", json={"rotate": [WOHNGELD]})
    assert resp.status_code == 200
    after = client.request("GET", f"/v1/destinations/{WOHNGELD}").json()["encryptionKid"]
    assert resp.json()["rotated"] == {WOHNGELD: after} and after != before
    bad = control(sandbox, "PUT", "/sandbox/faults",
                  json={"rotate": ["00000000-0000-4000-8000-000000000999"]})
    assert bad.status_code == 400
