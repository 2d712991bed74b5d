"""Encryption for an office: JWE compact, RSA-OAEP-256 + A256GCM, ``kid`` of its key."""

from __future__ import annotations

import json
from typing import Any

from jwcrypto import jwe, jwk


def public_key(key: dict[str, Any]) -> jwk.JWK:
    """The office key as jwcrypto wants it (only the public RSA members)."""
    return jwk.JWK(**{k: key[k] for k in ("kty", "n", "e", "kid") if k in key})


def encrypt(payload: bytes, key: jwk.JWK, kid: str, content_type: str) -> str:
    header = {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": kid, "cty": content_type}
    token = jwe.JWE(payload, protected=json.dumps(header))
    token.add_recipient(key)
    return str(token.serialize(compact=True))
