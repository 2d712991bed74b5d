"""A minimal FIT-Connect sender written for the tests with jwcrypto + requests only.

Independent of the kiosk's own client on purpose: it plays the "third-party client" the
sandbox must serve (``kid`` as RFC 7638 thumbprint, ``zip: DEF``, Retry-After honoured).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests
from jwcrypto import jwe, jwk, jwt

LEIKA = "urn:de:fim:leika:leistung:"
ACCEPT = "https://schema.fitko.de/fit-connect/events/accept-submission"
REJECT = "https://schema.fitko.de/fit-connect/events/reject-submission"


@dataclass
class Client:
    base: str
    ca_file: str
    client_id: str = "fvo-kiosk-demo-station"
    client_secret: str = "demo-station-secret-not-for-production"  # noqa: S105
    honour_retry_after: bool = True
    timeout: float = 10.0
    session: requests.Session = field(default_factory=requests.Session)
    _token: str | None = None
    waited: list[float] = field(default_factory=list)

    def request(self, method: str, path: str, *, auth: bool = True, retries: int = 20,
                **kwargs: Any) -> requests.Response:
        """One call; on 429 waits Retry-After (when honouring it) and tries again."""
        headers = dict(kwargs.pop("headers", {}))
        if auth:
            headers["Authorization"] = f"Bearer {self.token()}"
        for _ in range(retries):
            resp = self.session.request(method, self.base + path, headers=headers,
                                        verify=self.ca_file, timeout=self.timeout, **kwargs)
            if resp.status_code != 429:
                return resp
            wait = float(resp.headers["Retry-After"]) if self.honour_retry_after else 0.0
            self.waited.append(wait)
            time.sleep(wait)
        return resp

    def token(self) -> str:
        if self._token is None:
            resp = self.session.post(self.base + "/token", data={
                "grant_type": "client_credentials", "client_id": self.client_id,
                "client_secret": self.client_secret}, verify=self.ca_file, timeout=self.timeout)
            resp.raise_for_status()
            self._token = resp.json()["access_token"]
        return self._token

    def encryption_key(self, destination_id: str) -> jwk.JWK:
        info = self.request("GET", f"/v1/destinations/{destination_id}").json()
        doc = self.request("GET", f"/v1/destinations/{destination_id}/keys/"
                           f"{info['encryptionKid']}", auth=False).json()
        return jwk.JWK(**doc)

    def jwks(self) -> jwk.JWKSet:
        return jwk.JWKSet.from_json(self.request("GET", "/.well-known/jwks.json",
                                                 auth=False).text)

    def events(self, case_id: str) -> list[dict[str, Any]]:
        """The case's events, each verified against the service's JWKS (raises otherwise)."""
        log = self.request("GET", f"/v1/cases/{case_id}/events").json()["eventLog"]
        keys = self.jwks()
        out = []
        for token in log:
            t = jwt.JWT(jwt=token, key=keys, algs=["PS512"],
                        expected_type="JWS", check_claims={"iat": None})
            header = json.loads(t.header)
            assert header["typ"] == "secevent+jwt" and header["alg"] == "PS512"
            out.append(json.loads(t.claims))
        return out

    def decision(self, case_id: str, timeout: float = 20.0) -> tuple[str, dict[str, Any]]:
        """("accept" | "reject", event body) once the office decided."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for claims in self.events(case_id):
                if ACCEPT in claims["events"]:
                    return "accept", claims["events"][ACCEPT]
                if REJECT in claims["events"]:
                    return "reject", claims["events"][REJECT]
            time.sleep(0.05)
        raise AssertionError("no decision from the office in time")


def encrypt(key: jwk.JWK, payload: bytes, *, kid: str, zip_: bool) -> str:
    header = {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": kid, "cty": "application/json"}
    if zip_:
        header["zip"] = "DEF"
    token = jwe.JWE(payload, protected=json.dumps(header))
    token.add_recipient(key)
    return token.serialize(compact=True)


def sha512(data: bytes) -> dict[str, str]:
    return {"type": "sha512", "content": hashlib.sha512(data).hexdigest()}


@dataclass
class Sent:
    submission_id: str
    case_id: str
    attachment_ids: list[str]


def send(client: Client, destination_id: str, leika_key: str, data: bytes,
         attachments: list[bytes], *, key: jwk.JWK | None = None, kid_mode: str = "thumbprint",
         zip_: bool = True, metadata_patch: Any = None, data_hash_of: bytes | None = None,
         tamper: str | None = None) -> Sent:
    """Announce, upload, submit. ``tamper`` = "data" corrupts the data JWE's ciphertext."""
    key = key or client.encryption_key(destination_id)
    kid = key.thumbprint() if kid_mode == "thumbprint" else (
        key.get("kid") if kid_mode == "kid" else kid_mode)
    aids = [str(uuid.uuid4()) for _ in attachments]
    resp = client.request("POST", "/v1/submissions", json={
        "destinationId": destination_id, "announcedAttachments": aids,
        "serviceType": {"name": "Test", "identifier": LEIKA + leika_key}})
    assert resp.status_code == 201, resp.text
    created = resp.json()
    sid = created["submissionId"]
    for aid, content in zip(aids, attachments, strict=True):
        r = client.request("PUT", f"/v1/submissions/{sid}/attachments/{aid}",
                           data=encrypt(key, content, kid=kid, zip_=zip_),
                           headers={"Content-Type": "application/jose"})
        assert r.status_code == 204, r.text
    metadata: dict[str, Any] = {
        "contentStructure": {
            "data": {"hash": sha512(data if data_hash_of is None else data_hash_of),
                     "submissionSchema": {"schemaUri": "https://example.org/test.schema.json",
                                          "mimeType": "application/json"}},
            "attachments": [{"attachmentId": aid, "hash": sha512(c), "purpose": "form",
                             "mimeType": "application/pdf"} for aid, c in zip(aids, attachments,
                                                                               strict=True)],
        },
        "publicServiceType": {"identifier": LEIKA + leika_key},
    }
    if metadata_patch is not None:
        metadata_patch(metadata)
    enc_data = encrypt(key, data, kid=kid, zip_=zip_)
    if tamper == "data":
        head, ek, iv, ct, tag = enc_data.split(".")
        ct = ("A" if ct[0] != "A" else "B") + ct[1:]
        enc_data = ".".join((head, ek, iv, ct, tag))
    r = client.request("PUT", f"/v1/submissions/{sid}", json={
        "encryptedMetadata": encrypt(key, json.dumps(metadata).encode(), kid=kid, zip_=zip_),
        "encryptedData": enc_data})
    assert r.status_code == 202, r.text
    return Sent(sid, created["caseId"], aids)
