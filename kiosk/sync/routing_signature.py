"""Whether a Routing API result may be used: its ``destinationSignature`` is a JWS (PS512 only)
by the FIT-Connect Self-Service-Portal over the destination's addressing information, checked
against the portal's configured keys and against what the kiosk is about to use (destination,
submission host, LeiKa id, region, expiry)."""

from __future__ import annotations

import base64
import binascii
import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from kiosk.sync.errors import Untrusted
from kiosk.sync.keycheck import check_portal_key
from kiosk.sync.metadata import LEIKA_URN

ALG = "PS512"
ARS_URN = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:"
JWKS_SUFFIX = "/.well-known/jwks.json"
#: Clocks of station and portal may differ this much (seconds) for ``exp`` and ``nbf``.
CLOCK_SKEW_S = 60
#: Where the levels of an Amtlicher Regionalschlüssel end: Land, Regierungsbezirk, Kreis,
#: Gemeindeverband, Gemeinde.
_ARS_LEVELS = (2, 3, 5, 9, 12)

REFUSED_DE = ("Die Empfangsstelle, die der Routingdienst für diesen Antrag nennt, ist nicht "
              "bestätigt (ihre Signatur fehlt oder passt nicht). Der Antrag wird nicht "
              "gesendet. Bitte die IT-Betreuung verständigen.")

PortalKeys = Callable[[str], dict[str, Any] | None]


@dataclass(frozen=True)
class Expected:
    """What the signature must confirm: the destination and service the kiosk will use."""

    destination_id: str
    leika: str
    region: str
    submission_url: str
    issuer: str


def issuer_of(jwks_url: str) -> str:
    """The portal's ``iss``: its JWKS URL without ``/.well-known/jwks.json``."""
    url = jwks_url.rstrip("/")
    return url[: -len(JWKS_SUFFIX)] if url.endswith(JWKS_SUFFIX) else url


def _refuse(why: str) -> Untrusted:
    return Untrusted(f"destinationSignature refused: {why}", REFUSED_DE)


def _b64json(part: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, binascii.Error):
        raise _refuse("a part is not base64url JSON") from None


def verify(token: Any, portal_keys: PortalKeys, expected: Expected,
           now: float | None = None) -> dict[str, Any]:
    """The signed claims, once the signature and every claim check out; else :class:`Untrusted`
    (a ``Transient`` from ``portal_keys`` passes through: offline is not forged)."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3:
        raise _refuse("not a compact JWS")
    header = _b64json(parts[0])
    if not isinstance(header, dict):
        raise _refuse("header is not a JSON object")
    if header.get("alg") != ALG:  # never none, never HS*: the portal signs with PS512
        raise _refuse(f"alg {str(header.get('alg'))[:20]!r}; only {ALG} is accepted")
    if "crit" in header or not all(parts):
        raise _refuse("unsupported header or empty part")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _refuse("no kid in the header")
    key = portal_keys(kid)  # only the configured portal's keys; jku/x5u/jwk are ignored
    if key is None:
        raise _refuse("the kid is not a key of the configured portal")
    try:
        check_portal_key(key)
    except Untrusted as exc:
        raise _refuse(str(exc)) from None
    checker = jws.JWS()
    checker.allowed_algs = [ALG]
    try:
        checker.deserialize(token)
        checker.verify(jwk.JWK(**key), alg=ALG)
        claims = json.loads(checker.payload)
    except (JWException, ValueError, TypeError):
        raise _refuse("the signature does not verify with the portal's key") from None
    if not isinstance(claims, dict):
        raise _refuse("payload is not a JSON object")
    check_claims(claims, expected, time.time() if now is None else now)
    return claims


def check_claims(claims: dict[str, Any], expected: Expected, now: float) -> None:
    """The signed addressing information says what the kiosk is about to use."""
    if str(claims.get("destinationId", "")).lower() != expected.destination_id.lower():
        raise _refuse("signed for another destination")
    if str(claims.get("iss", "")).rstrip("/") != expected.issuer.rstrip("/"):
        raise _refuse("issued by another portal")
    if not _host_matches(claims.get("submissionHost"), expected.submission_url):
        raise _refuse("submission host is not the configured Submission API")
    if not _serves(claims.get("services"), expected.leika, expected.region):
        raise _refuse("not signed for this LeiKa id in this region")
    for name, ok in (("exp", lambda v: now <= v + CLOCK_SKEW_S),
                     ("nbf", lambda v: v <= now + CLOCK_SKEW_S)):
        if name in claims:
            value = claims[name]
            if isinstance(value, bool) or not isinstance(value, int | float) or not ok(value):
                raise _refuse(f"expired or not yet valid ({name})")


def _host_matches(host: Any, submission_url: str) -> bool:
    split = urllib.parse.urlsplit(submission_url)
    allowed = {split.netloc.lower()}
    if split.hostname and split.port in (None, 443 if split.scheme == "https" else 80):
        allowed.add(split.hostname.lower())
    return isinstance(host, str) and host.lower() in allowed


def _covers(area_key: str, region: str) -> bool:
    """Whether a signed region key (ARS, any level) contains the station's region."""
    if not area_key.isdigit():
        return False
    if len(area_key) == 12:  # a full key padded with zeros: cut it back to its level
        area_key = next(area_key[:n] for n in _ARS_LEVELS if not area_key[n:].strip("0"))
    return region.startswith(area_key)


def _serves(services: Any, leika: str, region: str) -> bool:
    if not isinstance(services, list):
        return False
    for service in services:
        if not isinstance(service, dict):
            continue
        leika_ids = service.get("leistungIDs") or []
        areas = service.get("gebietIDs") or []
        if (isinstance(leika_ids, list) and LEIKA_URN + leika in leika_ids
                and isinstance(areas, list)
                and any(isinstance(a, str) and a.startswith(ARS_URN)
                        and _covers(a[len(ARS_URN):], region) for a in areas)):
            return True
    return False
