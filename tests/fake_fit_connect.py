"""TEST DOUBLE: a small in-process stand-in for a FIT-Connect environment (token, routing,
destinations and keys, submissions, event log), used until the real sandbox package
(``sandbox/``) is merged. It plays the offices too: decrypts what arrives with the
destination's private key, checks it and files a signed accept event. Faults on demand.
Plain HTTP on loopback only."""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from jwcrypto import jwe, jwk, jws

EVENTS = "https://schema.fitko.de/fit-connect/events/"
CLIENT_ID, CLIENT_SECRET = "test-station", "test-secret"
DESTINATIONS = {  # LeiKa -> destination id (as the demo configuration has them)
    "99000000000101": "00000000-0000-4000-8000-000000000101",
    "99000000000102": "00000000-0000-4000-8000-000000000101",
    "99000000000103": "00000000-0000-4000-8000-000000000105",
    "99000000000104": "00000000-0000-4000-8000-000000000103",
    "99000000000105": "00000000-0000-4000-8000-000000000104",
    "99000000000106": "00000000-0000-4000-8000-000000000102",
}


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@cache
def root_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name("Test double root"))
            .issuer_name(_name("Test double root")).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(1))
            .not_valid_after(now + dt.timedelta(30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def root_pem() -> bytes:
    return root_ca()[1].public_bytes(serialization.Encoding.PEM)


_KEY_POOL: list[rsa.RSAPrivateKey] = []
_POOL_LOCK = threading.Lock()


def rsa_key(index: int, bits: int = 4096) -> rsa.RSAPrivateKey:
    """Keys reused across tests of one session (4096-bit generation is slow)."""
    if bits != 4096:
        return rsa.generate_private_key(65537, bits)
    with _POOL_LOCK:
        while len(_KEY_POOL) <= index:
            _KEY_POOL.append(rsa.generate_private_key(65537, 4096))
        return _KEY_POOL[index]


_JWKS: dict[int, jwk.JWK] = {}


def private_jwk(priv: rsa.RSAPrivateKey) -> jwk.JWK:
    """jwcrypto re-checks an RSA private key on every import (~0.4 s at 4096 bits): once."""
    found = _JWKS.get(id(priv))
    if found is None:
        found = _JWKS[id(priv)] = jwk.JWK.from_pyca(priv)
    return found


def published(priv: rsa.RSAPrivateKey, kid: str, use: str, signer: Any = None) -> dict[str, Any]:
    """The public JWK with an x5c chain issued by the root (or by ``signer``)."""
    ca_key, ca_cert = signer or root_ca()
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(kid)).issuer_name(ca_cert.subject)
            .public_key(priv.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(1)).not_valid_after(now + dt.timedelta(30))
            .sign(ca_key, hashes.SHA256()))
    pub = json.loads(jwk.JWK.from_pyca(priv.public_key()).export_public())
    pub.update(kid=kid, key_ops=[use], alg="RSA-OAEP-256" if use == "wrapKey" else "PS512",
               x5c=[base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()])
    return dict(pub)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients killed or dropped mid-request are what the tests do on purpose


@dataclass
class Submission:
    id: str
    case_id: str
    destination_id: str
    announced: list[str]
    attachments: dict[str, str] = field(default_factory=dict)
    submitted: bool = False


class FakeFitConnect:
    def __init__(self, fail_rate: float = 0.0, seed: int = 1) -> None:
        self.fail_rate = fail_rate
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.keys: dict[str, dict[str, tuple[rsa.RSAPrivateKey, dict[str, Any]]]] = {}
        self.current_kid: dict[str, str] = {}
        self._next_key = 1
        for dest in sorted(set(DESTINATIONS.values())):
            self.rotate(dest, keep_old=False)
        self.service_kid = "service-signing-key-1"
        self.service_priv = rsa_key(0)
        self.service_jwk = published(self.service_priv, self.service_kid, "verify")
        self.submissions: dict[str, Submission] = {}
        self.events: dict[str, list[str]] = {}
        #: senderReference (claim id) -> decrypted claim data, one entry per arrival
        self.arrivals: dict[str, list[bytes]] = {}
        self.metadata: dict[str, dict[str, Any]] = {}
        self.attachments_plain: dict[str, list[bytes]] = {}
        self.requests = 0
        self.faults = 0
        self.answer: str | None = "accept"  # the office's answer: accept, reject, none
        self.server = _QuietServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeFitConnect:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the world -----------------------------------------------------------------------
    def rotate(self, dest: str, keep_old: bool = False) -> str:
        """A new encryption key for ``dest``; the old private key is dropped unless kept."""
        with getattr(self, "lock", threading.Lock()):
            kid = f"key-{dest[-3:]}-{self._next_key}"
            priv = rsa_key(self._next_key)
            self._next_key += 1
            if not keep_old:
                self.keys[dest] = {}
            self.keys.setdefault(dest, {})[kid] = (priv, published(priv, kid, "wrapKey"))
            self.current_kid[dest] = kid
            return kid

    def set_token(self, priv: rsa.RSAPrivateKey, kid: str, claims: dict[str, Any]) -> str:
        token = jws.JWS(json.dumps(claims))
        token.add_signature(private_jwk(priv), alg="PS512",
                            protected=json.dumps({"alg": "PS512", "kid": kid,
                                                  "typ": "secevent+jwt"}))
        return str(token.serialize(compact=True))

    def event(self, sub: Submission, name: str, body: dict[str, Any] | None = None) -> str:
        return self.set_token(self.service_priv, self.service_kid, {
            "iss": "fake", "iat": int(time.time()), "jti": str(uuid.uuid4()),
            "sub": f"submission:{sub.id}", "txn": f"case:{sub.case_id}",
            "events": {EVENTS + name: body or {}}})

    def arrived_once(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.arrivals.items()}

    # --- HTTP ----------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, status: int, doc: Any = None, headers: dict[str, str] | None = None
                       ) -> None:
                body = b"" if doc is None else json.dumps(doc).encode()
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _fault(self) -> str | None:
                with fake.lock:
                    fake.requests += 1
                    if fake.rng.random() >= fake.fail_rate:
                        return None
                    fake.faults += 1
                    return fake.rng.choice(["500", "503", "429", "drop", "drop_after"])

            def _handle(self, method: str) -> None:
                body = self._body()
                fault = self._fault()
                if fault in ("500", "503"):
                    return self._reply(int(fault), {"title": "injected"})
                if fault == "429":
                    return self._reply(429, {"title": "slow down"}, {"Retry-After": "0.05"})
                if fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return None
                status, doc = fake.route(method, self.path, body, self.headers)
                if fault == "drop_after":  # done, but the answer is lost
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return None
                return self._reply(status, doc)

            def do_GET(self) -> None:  # noqa: N802
                self._handle("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._handle("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self._handle("PUT")

        return Handler

    def route(self, method: str, raw_path: str, body: bytes, headers: Any) -> tuple[int, Any]:
        url = urlsplit(raw_path)
        path, query = url.path, parse_qs(url.query)
        parts = [p for p in path.split("/") if p]
        if method == "POST" and path == "/token":
            form = parse_qs(body.decode())
            if form.get("client_id") != [CLIENT_ID] or form.get("client_secret") != [CLIENT_SECRET]:
                return 401, {"error": "invalid_client"}
            return 200, {"access_token": uuid.uuid4().hex, "expires_in": 300,
                         "token_type": "Bearer"}
        if path == "/.well-known/jwks.json":
            return 200, {"keys": [self.service_jwk]}
        if not str(headers.get("Authorization", "")).startswith("Bearer "):
            return 401, {"title": "no token"}
        with self.lock:
            return self._api(method, parts, query, body)

    def _api(self, method: str, parts: list[str], query: dict[str, list[str]], body: bytes
             ) -> tuple[int, Any]:
        if parts[:3] == ["routing", "v1", "routes"]:
            dest = DESTINATIONS.get(query.get("leikaKey", [""])[0])
            routes = [{"destinationId": dest, "destinationSignature": "a.b.c"}] if dest else []
            return 200, {"count": len(routes), "offset": 0, "totalCount": len(routes),
                         "routes": routes}
        if parts[:2] == ["v1", "destinations"] and len(parts) == 3:
            dest = parts[2]
            if dest not in self.keys:
                return 404, {"title": "unknown destination"}
            return 200, {"destinationId": dest, "encryptionKid": self.current_kid[dest],
                         "status": "active", "metadataVersions": ["1.0.0"], "services": []}
        if parts[:2] == ["v1", "destinations"] and len(parts) == 5 and parts[3] == "keys":
            found = self.keys.get(parts[2], {}).get(parts[4])
            return (200, found[1]) if found else (404, {"title": "unknown key"})
        if method == "POST" and parts == ["v1", "submissions"]:
            doc = json.loads(body)
            sub = Submission(str(uuid.uuid4()), doc.get("caseId") or str(uuid.uuid4()),
                             doc["destinationId"], list(doc["announcedAttachments"]))
            self.submissions[sub.id] = sub
            self.events.setdefault(sub.case_id, [])
            return 201, {"submissionId": sub.id, "caseId": sub.case_id,
                         "destinationId": sub.destination_id}
        if method == "PUT" and parts[:2] == ["v1", "submissions"] and len(parts) == 5:
            sub = self.submissions.get(parts[2])
            if sub is None or parts[4] not in sub.announced:
                return 404, {"title": "unknown"}
            if sub.submitted:
                return 409, {"title": "already submitted"}
            sub.attachments[parts[4]] = body.decode()
            return 204, None
        if method == "PUT" and parts[:2] == ["v1", "submissions"] and len(parts) == 3:
            return self._submit(parts[2], json.loads(body))
        if method == "GET" and parts[:2] == ["v1", "cases"] and parts[3:] == ["events"]:
            log = self.events.get(parts[2])
            if log is None:
                return 404, {"title": "unknown case"}
            return 200, {"count": len(log), "offset": 0, "totalCount": len(log),
                         "eventLog": list(log)}
        return 404, {"title": "no such endpoint"}

    def _decrypt(self, dest: str, token: str) -> bytes:
        header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        assert header["alg"] == "RSA-OAEP-256" and header["enc"] == "A256GCM", header
        priv = self.keys[dest][header["kid"]][0]
        obj = jwe.JWE()
        obj.deserialize(token, key=private_jwk(priv))
        return bytes(obj.payload)

    def _submit(self, sub_id: str, doc: dict[str, Any]) -> tuple[int, Any]:
        import hashlib

        sub = self.submissions.get(sub_id)
        if sub is None:
            return 404, {"title": "unknown submission"}
        if sub.submitted:
            return 409, {"title": "already submitted"}
        if set(sub.attachments) != set(sub.announced):
            return 422, {"title": "attachments missing"}
        try:
            data = self._decrypt(sub.destination_id, doc["encryptedData"])
            meta = json.loads(self._decrypt(sub.destination_id, doc["encryptedMetadata"]))
            plain = [self._decrypt(sub.destination_id, t) for t in sub.attachments.values()]
        except KeyError:
            return 422, {"title": "cannot decrypt: unknown key"}
        assert meta["contentStructure"]["data"]["hash"]["content"] == \
            hashlib.sha512(data).hexdigest()
        sub.submitted = True
        ref = meta["additionalReferenceInfo"]["senderReference"]
        self.arrivals.setdefault(ref, []).append(data)
        self.metadata[ref] = meta
        self.attachments_plain[ref] = plain
        self.events[sub.case_id].append(self.event(sub, "submit-submission"))
        if self.answer == "accept":
            self.events[sub.case_id].append(self.event(sub, "accept-submission"))
        elif self.answer == "reject":
            self.events[sub.case_id].append(self.event(
                sub, "reject-submission",
                {"problems": [{"title": "Unterlagen unvollständig", "detail": "Test"}]}))
        return 202, {"submissionId": sub.id, "caseId": sub.case_id,
                     "destinationId": sub.destination_id, "attachments": sub.announced,
                     "serviceType": {"identifier": "urn:x:y"}}


def fit_connect_section(url: str, root_file: str) -> dict[str, Any]:
    return {"token_url": f"{url}/token", "submission_url": url,
            "routing_url": f"{url}/routing/v1", "client_id": CLIENT_ID,
            "key_root_file": root_file, "timeout_seconds": 5}
