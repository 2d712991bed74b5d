"""Encryption for an office: JWE compact, RSA-OAEP-256 + A256GCM, ``kid`` of its key."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jwcrypto import jwe, jwk


def public_key(key: dict[str, Any]) -> jwk.JWK:
    """The office key as jwcrypto wants it (only the public RSA members). The same key gives
    the same object, which keeps its parsed RSA key: one parse per office key, not per claim."""
    return _public_key(*(str(key[k]) if k in key else None for k in ("kty", "n", "e", "kid")))


@lru_cache(maxsize=64)
def _public_key(kty: str | None, n: str | None, e: str | None, kid: str | None) -> jwk.JWK:
    members = {"kty": kty, "n": n, "e": e, "kid": kid}
    return jwk.JWK(**{k: v for k, v in members.items() if v is not None})


def encrypt(payload: bytes, key: jwk.JWK, kid: str, content_type: str) -> str:
    header = {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": kid, "cty": content_type}
    token = jwe.JWE(payload, protected=json.dumps(header))
    token.add_recipient(key)
    return str(token.serialize(compact=True))
