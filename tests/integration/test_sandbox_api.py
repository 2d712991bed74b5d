"""The sandbox's token, routing and destination endpoints over real HTTPS on loopback."""

from __future__ import annotations

import base64
import json
import time

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from sandbox.config import OFFICE_CLIENT_ID
from tests.integration.sandbox_fixtures import (
    client,
    control,
    running_sandbox,
    sandbox,
    sandbox_dir,
)

FAMILIENKASSE = "00000000-0000-4000-8000-000000000101"
WOHNGELD = "00000000-0000-4000-8000-000000000103"
CREATE = {"destinationId": FAMILIENKASSE, "announcedAttachments": [],
          "serviceType": {"name": "Kindergeld",
                          "identifier": "urn:de:fim:leika:leistung:99000000000101"}}


def test_the_api_needs_a_token_and_a_wrong_secret_gets_none(sandbox, client):
    anon = requests.post(sandbox.base_url + "/v1/submissions", json=CREATE,
                         verify=str(sandbox.ca_file), timeout=10)
    assert anon.status_code == 401
    assert anon.headers["Content-Type"] == "application/problem+json"
    assert anon.json()["status"] == 401

    bad = requests.post(sandbox.base_url + "/token", data={
        "grant_type": "client_credentials", "client_id": client.client_id,
        "client_secret": "wrong"}, verify=str(sandbox.ca_file), timeout=10)
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"

    ok = client.request("POST", "/v1/submissions", json=CREATE)
    assert ok.status_code == 201
    assert set(ok.json()) == {"destinationId", "submissionId", "caseId"}

    token = client.token()
    assert control(sandbox, "POST", "/sandbox/expire-tokens").status_code == 204
    expired = requests.post(sandbox.base_url + "/v1/submissions", json=CREATE,
                            headers={"Authorization": f"Bearer {token}"},
                            verify=str(sandbox.ca_file), timeout=10)
    assert expired.status_code == 401


def test_a_sender_token_cannot_read_the_offices_inbox(client):
    resp = client.request("GET", "/v1/submissions")
    assert resp.status_code == 403
    assert "subscriber" in resp.json()["detail"]


def test_the_office_client_reads_submitted_submissions(sandbox, client):
    clients = json.loads((sandbox.app.dir / "clients.json").read_text())["clients"]
    secret = next(c["client_secret"] for c in clients if c["client_id"] == OFFICE_CLIENT_ID)
    office = type(client)(client.base, client.ca_file, client_id=OFFICE_CLIENT_ID,
                          client_secret=secret)
    listed = office.request("GET", "/v1/submissions",
                            params={"destinationId": FAMILIENKASSE})
    assert listed.status_code == 200
    assert "submissions" in listed.json()


def test_routing_finds_each_office_by_leika_key_and_region(client, sandbox):
    resp = client.request("GET", "/routing/v1/routes", auth=False,
                          params={"leikaKey": "99000000000101", "ars": "064140000000"})
    assert resp.status_code == 200
    routes = resp.json()["routes"]
    assert [r["destinationId"] for r in routes] == [FAMILIENKASSE]
    # The destination signature is a PS512 JWS by a key of the demo portal's JWKS (not the
    # Zustelldienst's, which signs events).
    sig = jws.JWS()
    sig.deserialize(routes[0]["destinationSignature"])
    portal = jwk.JWKSet.from_json(client.request("GET", "/portal/.well-known/jwks.json",
                                                 auth=False).text)
    sig.verify(portal, alg="PS512")
    with pytest.raises(JWException):  # not a key of the service
        jws.JWS().deserialize(routes[0]["destinationSignature"], client.jwks())
    assert json.loads(sig.payload)["destinationId"] == FAMILIENKASSE

    wohngeld = client.request("GET", "/routing/v1/routes", auth=False,
                              params={"leikaKey": "99000000000104", "ags": "06414000"}).json()
    assert [r["destinationId"] for r in wohngeld["routes"]] == [WOHNGELD]

    elsewhere = client.request("GET", "/routing/v1/routes", auth=False,
                               params={"leikaKey": "99000000000101", "ars": "091620000000"})
    assert elsewhere.json()["routes"] == []

    malformed = client.request("GET", "/routing/v1/routes", auth=False,
                               params={"leikaKey": "12", "ars": "064140000000"})
    assert malformed.status_code == 400
    assert "leikaKey" in malformed.json()["detail"]


def test_a_destination_key_is_rsa_4096_for_wrapping_under_the_demo_root(client, sandbox):
    info = client.request("GET", f"/v1/destinations/{FAMILIENKASSE}").json()
    key = client.request("GET", f"/v1/destinations/{FAMILIENKASSE}/keys/"
                         f"{info['encryptionKid']}", auth=False).json()
    assert key["kid"] == info["encryptionKid"]
    assert key["key_ops"] == ["wrapKey"] and key["alg"] == "RSA-OAEP-256"
    leaf = x509.load_der_x509_certificate(base64.b64decode(key["x5c"][0]))
    root = x509.load_pem_x509_certificate(sandbox.ca_file.read_bytes())
    public = leaf.public_key()
    assert isinstance(public, rsa.RSAPublicKey) and public.key_size >= 4096
    assert leaf.issuer == root.subject
    root_key = root.public_key()
    assert isinstance(root_key, rsa.RSAPublicKey)
    root_key.verify(leaf.signature, leaf.tbs_certificate_bytes, padding.PKCS1v15(),
                    leaf.signature_hash_algorithm)  # raises when not signed by the root
    n = int.from_bytes(base64.urlsafe_b64decode(key["n"] + "=="), "big")
    assert n == public.public_numbers().n


def test_a_request_off_the_spec_gets_a_problem_body(client, sandbox):
    missing = client.request("POST", "/v1/submissions",
                             json={"destinationId": FAMILIENKASSE})
    assert missing.status_code == 400
    body = missing.json()
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == 400
    assert "announcedAttachments" in body["detail"]

    sub = client.request("POST", "/v1/submissions", json={
        **CREATE, "announcedAttachments": ["7b9a3c5e-2f1d-4c8b-9a6e-0d5f4e3c2b1a"]}).json()
    wrong_type = client.request(
        "PUT", f"/v1/submissions/{sub['submissionId']}/attachments/"
        "7b9a3c5e-2f1d-4c8b-9a6e-0d5f4e3c2b1a", data=b"abc.def",
        headers={"Content-Type": "application/pdf"})
    assert wrong_type.status_code == 415

    unannounced = client.request(
        "PUT", f"/v1/submissions/{sub['submissionId']}/attachments/"
        "11111111-2222-4333-8444-555555555555", data=b"abc.def",
        headers={"Content-Type": "application/jose"})
    assert unannounced.status_code == 422

    early = client.request("PUT", f"/v1/submissions/{sub['submissionId']}",
                           json={"encryptedMetadata": "a.b.c.d.e"})
    assert early.status_code == 422  # the announced attachment is not uploaded yet


def test_info_and_jwks_are_public(client):
    assert client.request("GET", "/v1/info", auth=False).json()["version"] == {
        "major": 1, "minor": 1, "patch": 3}
    keys = client.request("GET", "/.well-known/jwks.json", auth=False).json()["keys"]
    assert keys and all(k["alg"] == "PS512" and k["key_ops"] == ["verify"] for k in keys)


def test_a_token_expires_after_its_lifetime(sandbox, client):
    assert control(sandbox, "PUT", "/sandbox/settings",
                   json={"tokenLifetimeSeconds": 1}).status_code == 200
    try:
        token = requests.post(sandbox.base_url + "/token", data={
            "grant_type": "client_credentials", "client_id": client.client_id,
            "client_secret": client.client_secret}, verify=str(sandbox.ca_file),
            timeout=10).json()
        assert token["expires_in"] <= 1
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        url = sandbox.base_url + f"/v1/destinations/{FAMILIENKASSE}"
        assert requests.get(url, headers=headers, verify=str(sandbox.ca_file),
                            timeout=10).status_code == 200
        time.sleep(1.2)
        assert requests.get(url, headers=headers, verify=str(sandbox.ca_file),
                            timeout=10).status_code == 401
    finally:
        control(sandbox, "PUT", "/sandbox/settings", json={"tokenLifetimeSeconds": 300})
