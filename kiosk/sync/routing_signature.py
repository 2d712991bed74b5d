"""Whether a Routing API result may be used: its ``destinationSignature`` is a JWS (PS512 only)
by the FIT-Connect Self-Service-Portal over the destination's addressing information, checked
against the portal's configured keys and against what the kiosk is about to use (destination,
submission host, LeiKa id, region, expiry). Where a route also carries ``destinationParameters``
(newer Routing API versions), their ``destinationParametersSignature`` (a detached PS512 JWS by
the Zustelldienst over the parameters' JSON, keys sorted, no whitespace) must check out too."""

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
from kiosk.sync.keycheck import check_signing_key
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


def _checked(token: Any, keys: PortalKeys, whose: str, detached: bytes | None = None) -> bytes:
    """The payload of a compact JWS signed (PS512) by one of ``keys``; with ``detached`` the
    JWS carries no payload and ``detached`` is what it must sign."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3:
        raise _refuse("not a compact JWS")
    header = _b64json(parts[0])
    if not isinstance(header, dict):
        raise _refuse("header is not a JSON object")
    if header.get("alg") != ALG:  # never none, never HS*: FIT-Connect signs with PS512
        raise _refuse(f"alg {str(header.get('alg'))[:20]!r}; only {ALG} is accepted")
    if "crit" in header or not parts[0] or not parts[2] or bool(parts[1]) == (detached is not None):
        raise _refuse("unsupported header or missing part")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _refuse("no kid in the header")
    key = keys(kid)  # only the configured keys; jku/x5u/jwk in the header are ignored
    if key is None:
        raise _refuse(f"the kid is not a key of the {whose}")
    try:
        check_signing_key(key)
    except Untrusted as exc:
        raise _refuse(str(exc)) from None
    checker = jws.JWS()
    checker.allowed_algs = [ALG]
    try:
        checker.deserialize(token)
        checker.verify(jwk.JWK(**key), alg=ALG, detached_payload=detached)
    except (JWException, ValueError, TypeError):
        raise _refuse(f"the signature does not verify with the {whose}'s key") from None
    return detached if detached is not None else bytes(checker.payload)


def verify(token: Any, portal_keys: PortalKeys, expected: Expected,
           now: float | None = None) -> dict[str, Any]:
    """The signed claims, once the signature and every claim check out; else :class:`Untrusted`
    (a ``Transient`` from ``portal_keys`` passes through: offline is not forged)."""
    try:
        claims = json.loads(_checked(token, portal_keys, "configured portal"))
    except ValueError:
        raise _refuse("payload is not JSON") from None
    if not isinstance(claims, dict):
        raise _refuse("payload is not a JSON object")
    check_claims(claims, expected, time.time() if now is None else now)
    return claims


def parameters_payload(parameters: Any) -> bytes:
    """What ``destinationParametersSignature`` signs: the JSON with its keys sorted
    alphabetically and no whitespace around the structural characters."""
    return json.dumps(parameters, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def verify_parameters(route: dict[str, Any], service_keys: PortalKeys,
                      expected: Expected) -> None:
    """A route's ``destinationParameters`` (if it has any) are signed by the Zustelldienst and
    name the configured Submission API; parameters without a signature, or a signature
    without parameters, are refused."""
    parameters = route.get("destinationParameters")
    signature = route.get("destinationParametersSignature")
    if parameters is None and signature is None:
        return  # Routing API 2.0.0: the route carries the addressing information only
    if not isinstance(parameters, dict) or signature is None:
        raise _refuse("destinationParameters and their signature do not come together")
    _checked(signature, service_keys, "Zustelldienst", parameters_payload(parameters))
    url = parameters.get("submissionUrl")
    if url is not None and (not isinstance(url, str)
                            or url.rstrip("/") != expected.submission_url.rstrip("/")):
        raise _refuse("destinationParameters name another Submission API")


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
