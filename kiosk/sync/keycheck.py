"""Checks of the keys the services publish: a destination's encryption key (RSA >= 4096,
``wrapKey``, RSA-OAEP-256) and a signature key (PS512, ``verify``), each with an ``x5c``
chain that must lead to the station's configured root certificate."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.sync.errors import Untrusted

MIN_RSA_BITS = 4096
_UNTRUSTED_DE = ("Der Schlüssel der Empfangsstelle ist nicht vertrauenswürdig; es wird nichts "
                 "gesendet. Bitte die IT-Betreuung verständigen.")


def load_root(path: Path) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError):
        raise Untrusted(f"root certificate for destination keys not readable ({path.name})",
                        "Das Wurzelzertifikat für die Schlüssel der Empfangsstellen fehlt. "
                        "Bitte die IT-Betreuung verständigen.") from None


def _b64int(value: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")


def check_chain(x5c: list[str], root: x509.Certificate, now: dt.datetime | None = None
                ) -> x509.Certificate:
    """The leaf certificate, once every link of the chain is signed by the next, each is
    within its validity, and the last is the root or directly issued by it."""
    now = now or dt.datetime.now(dt.UTC)
    try:
        certs = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in x5c]
    except ValueError:
        raise Untrusted("x5c holds no valid certificate", _UNTRUSTED_DE) from None
    if not certs:
        raise Untrusted("key has no x5c chain", _UNTRUSTED_DE)
    for cert in certs:
        if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
            raise Untrusted("a certificate of the key's chain is expired or not yet valid",
                            _UNTRUSTED_DE)
    try:
        for child, parent in zip(certs, certs[1:], strict=False):
            child.verify_directly_issued_by(parent)
        last = certs[-1]
        if last != root:
            last.verify_directly_issued_by(root)
    except (ValueError, TypeError, InvalidSignature):
        raise Untrusted("the key's x5c chain does not lead to the configured root",
                        _UNTRUSTED_DE) from None
    return certs[0]


def check_key(jwk: dict[str, Any], root: x509.Certificate, purpose: str,
              require_chain: bool = True) -> None:
    """``purpose`` is ``wrapKey`` (encryption) or ``verify`` (event tokens). The service's
    own token keys come over the verified TLS connection and may lack ``x5c``."""
    alg = "RSA-OAEP-256" if purpose == "wrapKey" else "PS512"
    if jwk.get("kty") != "RSA" or purpose not in (jwk.get("key_ops") or []):
        raise Untrusted(f"key is not an RSA key for {purpose}", _UNTRUSTED_DE)
    if jwk.get("alg") not in (None, alg):
        raise Untrusted(f"key is meant for {jwk.get('alg')}, not {alg}", _UNTRUSTED_DE)
    try:
        n, e = _b64int(jwk["n"]), _b64int(jwk["e"])
    except (KeyError, ValueError, TypeError):
        raise Untrusted("key has no RSA modulus", _UNTRUSTED_DE) from None
    if n.bit_length() < MIN_RSA_BITS:
        raise Untrusted(f"RSA key of {n.bit_length()} bits; at least {MIN_RSA_BITS} needed",
                        _UNTRUSTED_DE)
    if not require_chain and not jwk.get("x5c"):
        return
    leaf = check_chain(list(jwk.get("x5c") or []), root)
    pub = leaf.public_key()
    if not isinstance(pub, rsa.RSAPublicKey) or pub.public_numbers() != rsa.RSAPublicNumbers(e, n):
        raise Untrusted("the key is not the one its certificate holds", _UNTRUSTED_DE)


def check_signing_key(jwk: dict[str, Any]) -> None:
    """A key of a configured JWKS that signs routing information (the Self-Service-Portal's,
    the Zustelldienst's): RSA >= 4096 bits meant for PS512 signatures. It is trusted because
    it came from the configured URL over verified TLS, so no ``x5c`` is asked."""
    if jwk.get("kty") != "RSA":
        raise Untrusted("signing key is not an RSA key", _UNTRUSTED_DE)
    if jwk.get("alg") not in (None, "PS512") or jwk.get("use") not in (None, "sig"):
        raise Untrusted("signing key is not meant for PS512 signatures", _UNTRUSTED_DE)
    if "verify" not in (jwk.get("key_ops") or ["verify"]):
        raise Untrusted("signing key is not meant for verifying", _UNTRUSTED_DE)
    try:
        bits = _b64int(jwk["n"]).bit_length()
    except (KeyError, ValueError, TypeError):
        raise Untrusted("signing key has no RSA modulus", _UNTRUSTED_DE) from None
    if bits < MIN_RSA_BITS:
        raise Untrusted(f"signing RSA key of {bits} bits; at least {MIN_RSA_BITS} needed",
                        _UNTRUSTED_DE)
