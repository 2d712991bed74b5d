"""The offices' and the service's keys: encryption keys with rotation, event-signing keys, JWKS;
and the demo Self-Service-Portal's key, which signs the routing results (its own JWKS).

Each key is an RSA-4096 key with a certificate under the demo root (its ``x5c``). A rotated
encryption key stays usable for decryption for ``grace_seconds`` (in-flight submissions),
and is then forgotten for decryption.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from jwcrypto import jwk

from sandbox.config import OFFICES
from sandbox.pki import RootCA, new_rsa_key, pem_private, write_private

SERVICE = "service"
#: The demo FIT-Connect Self-Service-Portal: signs each route's ``destinationSignature``.
PORTAL = "portal"
ENCRYPTION, SIGNING = "encryption", "signing"


@dataclass
class StoredKey:
    """One key pair with its certificate chain; ``retired_at`` once rotated out."""

    kid: str
    owner: str  # a destination id, SERVICE (the submission service) or PORTAL
    use: str  # ENCRYPTION or SIGNING
    created: float
    retired_at: float | None = None
    private: jwk.JWK = field(default=None, repr=False)
    x5c: list[str] = field(default_factory=list, repr=False)
    thumbprint: str = ""

    def public_jwk(self) -> dict[str, Any]:
        """The public key as FIT-Connect publishes it (JWK schema of the Submission API)."""
        pub = self.private.export_public(as_dict=True)
        enc = self.use == ENCRYPTION
        return {"kty": "RSA", "key_ops": ["wrapKey"] if enc else ["verify"],
                "alg": "RSA-OAEP-256" if enc else "PS512", "x5c": list(self.x5c),
                "kid": self.kid, "n": pub["n"], "e": pub["e"]}

    def index_entry(self) -> dict[str, Any]:
        return {"kid": self.kid, "owner": self.owner, "use": self.use,
                "created": self.created, "retired_at": self.retired_at}


class KeyStore:
    """All keys of the sandbox, persisted in ``<dir>/keys`` (private keys 0600)."""

    def __init__(self, directory: Path, root: RootCA, grace_seconds: float = 86400.0) -> None:
        self.dir = directory / "keys"
        self.dir.mkdir(mode=0o700, exist_ok=True)
        self.root = root
        self.grace_seconds = grace_seconds
        self._lock = threading.Lock()
        self._keys: list[StoredKey] = []
        index = self.dir / "index.json"
        if index.exists():
            for entry in json.loads(index.read_text(encoding="utf-8")):
                self._keys.append(self._load(StoredKey(**entry)))
        wanted = [(SERVICE, SIGNING, "FVO Sandbox Zustelldienst"),
                  (PORTAL, SIGNING, "FVO Sandbox Self-Service-Portal")]
        for office in OFFICES:
            wanted += [(office.destination_id, ENCRYPTION, f"Demo office {office.key}"),
                       (office.destination_id, SIGNING, f"Demo office {office.key}")]
        for owner, use, cn in wanted:
            if self._current(owner, use) is None:
                self._keys.append(self._create(owner, use, cn))
        self._save()

    def _load(self, key: StoredKey) -> StoredKey:
        key.private = jwk.JWK.from_pem((self.dir / f"{key.kid}.key.pem").read_bytes())
        # The sandbox made this key itself: skip the RSA self-check (~0.5 s of CPU per
        # 4096-bit key at its first decryption or signature, while requests wait).
        key.private.unsafe_skip_rsa_key_validation = True
        cert = x509.load_pem_x509_certificate((self.dir / f"{key.kid}.crt.pem").read_bytes())
        key.x5c = self.root.x5c(cert)
        key.thumbprint = key.private.thumbprint()
        return key

    def _create(self, owner: str, use: str, cn: str) -> StoredKey:
        rsa_key = new_rsa_key()
        cert = self.root.issue(f"{cn} ({use})", rsa_key.public_key(), usage=use)
        kid = str(uuid.uuid4())
        write_private(self.dir / f"{kid}.key.pem", pem_private(rsa_key))
        write_private(self.dir / f"{kid}.crt.pem", cert.public_bytes(serialization.Encoding.PEM))
        key = StoredKey(kid=kid, owner=owner, use=use, created=time.time())
        return self._load(key)

    def _save(self) -> None:
        doc = json.dumps([k.index_entry() for k in self._keys], indent=2).encode()
        write_private(self.dir / "index.json", doc)

    def _current(self, owner: str, use: str) -> StoredKey | None:
        for key in reversed(self._keys):
            if key.owner == owner and key.use == use and key.retired_at is None:
                return key
        return None

    def _usable(self, key: StoredKey, now: float) -> bool:
        return key.retired_at is None or now < key.retired_at + self.grace_seconds

    def current(self, owner: str, use: str) -> StoredKey:
        with self._lock:
            key = self._current(owner, use)
        if key is None:
            raise KeyError(owner)
        return key

    def published(self, owner: str, kid: str) -> StoredKey | None:
        """A key of ``owner`` that is still published under ``kid`` (current or in grace)."""
        now = time.time()
        with self._lock:
            for key in self._keys:
                if key.owner == owner and key.kid == kid and self._usable(key, now):
                    return key
        return None

    def decryption_key(self, destination_id: str, kid: str | None) -> StoredKey | None:
        """The encryption key a JWE header's ``kid`` names: the key's kid or its RFC 7638
        thumbprint; None when unknown or retired longer than the grace period."""
        now = time.time()
        with self._lock:
            for key in reversed(self._keys):
                if (key.owner == destination_id and key.use == ENCRYPTION
                        and kid in (key.kid, key.thumbprint) and self._usable(key, now)):
                    return key
        return None

    def rotate(self, destination_id: str) -> StoredKey:
        """A new encryption key for the destination; the old one is kept for the grace period."""
        name = next((f"Demo office {o.key}" for o in OFFICES
                     if o.destination_id == destination_id), destination_id)
        new = self._create(destination_id, ENCRYPTION, name)
        with self._lock:
            old = self._current(destination_id, ENCRYPTION)
            if old is not None:
                old.retired_at = time.time()
            self._keys.append(new)
            self._save()
        return new

    def jwks(self) -> dict[str, Any]:
        """Every signing key (service and offices) as the service's ``/.well-known/jwks.json``;
        the portal's key is not among them (it has its own JWKS)."""
        with self._lock:
            keys = [k.public_jwk() for k in self._keys
                    if k.use == SIGNING and k.retired_at is None and k.owner != PORTAL]
        return {"keys": keys}

    def portal_jwks(self) -> dict[str, Any]:
        """The demo Self-Service-Portal's keys (``/portal/.well-known/jwks.json``)."""
        with self._lock:
            keys = [k.public_jwk() for k in self._keys
                    if k.owner == PORTAL and k.retired_at is None]
        return {"keys": keys}
