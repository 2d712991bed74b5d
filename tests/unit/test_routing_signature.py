"""What the kiosk accepts as a Routing API destinationSignature: PS512 by a key of the
configured portal, over claims that name the destination, submission host, LeiKa id and region
the kiosk uses, not expired; everything else is refused with the German message."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from jwcrypto import jwk, jws

from kiosk.sync.errors import Untrusted
from kiosk.sync.routing_signature import (
    REFUSED_DE,
    Expected,
    issuer_of,
    parameters_payload,
    verify,
    verify_parameters,
)

PORTAL = "https://portal.auth-testing.fit-connect.example"
DEST = "ac715f34-333e-41f4-9bb5-186b309ea233"
WIESBADEN = "064140000000"
LEIKA = "99000000000101"
RS = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:"
EXPECTED = Expected(DEST, LEIKA, WIESBADEN, "https://submission-api.fit-connect.example",
                    PORTAL)


@pytest.fixture(scope="module")
def portal_key() -> jwk.JWK:
    return jwk.JWK.generate(kty="RSA", size=4096, kid="portal-1")


def _public(key: jwk.JWK, **extra: Any) -> dict[str, Any]:
    return {**key.export_public(as_dict=True), "alg": "PS512", "key_ops": ["verify"], **extra}


def _claims(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "submissionHost": "submission-api.fit-connect.example", "iss": PORTAL,
        "destinationId": DEST, "iat": int(time.time()), "jti": "j-1",
        "services": [{"gebietIDs": [RS + WIESBADEN],
                      "leistungIDs": ["urn:de:fim:leika:leistung:" + LEIKA]}]}
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not None}


def _sign(key: jwk.JWK, claims: dict[str, Any], **header: Any) -> str:
    token = jws.JWS(json.dumps(claims).encode())
    token.add_signature(key, None, json.dumps({"alg": "PS512", "kid": key["kid"], **header}))
    return str(token.serialize(compact=True))


def _keys(key: jwk.JWK, **extra: Any) -> Any:
    return lambda kid: _public(key, **extra) if kid == key["kid"] else None


def test_fitko_shaped_signature_of_the_right_destination_is_accepted(portal_key):
    claims = verify(_sign(portal_key, _claims()), _keys(portal_key), EXPECTED)
    assert claims["destinationId"] == DEST


@pytest.mark.parametrize("area", ["06", "064", "06414", "064140000000", "060000000000",
                                  "064000000000"])
def test_an_area_containing_the_station_region_counts(portal_key, area):
    claims = _claims(services=[{"gebietIDs": [RS + area],
                                "leistungIDs": ["urn:de:fim:leika:leistung:" + LEIKA]}])
    verify(_sign(portal_key, claims), _keys(portal_key), EXPECTED)


@pytest.mark.parametrize("changes", [
    {"destinationId": "00000000-0000-4000-8000-000000000102"},
    {"iss": "https://portal.evil.example"},
    {"submissionHost": "submission-api.evil.example"},
    {"services": [{"gebietIDs": [RS + WIESBADEN],
                   "leistungIDs": ["urn:de:fim:leika:leistung:99000000000199"]}]},
    {"services": [{"gebietIDs": [RS + "064120000000"],  # Frankfurt, not Wiesbaden
                   "leistungIDs": ["urn:de:fim:leika:leistung:" + LEIKA]}]},
    {"services": [{"gebietIDs": [RS + "064100000000"],  # Kreis 10 is not Kreis 14
                   "leistungIDs": ["urn:de:fim:leika:leistung:" + LEIKA]}]},
    {"services": [{"gebietIDs": [RS + WIESBADEN]},  # LeiKa and region in different entries
                  {"leistungIDs": ["urn:de:fim:leika:leistung:" + LEIKA]}]},
    {"services": None},
    {"exp": int(time.time()) - 3600},
    {"exp": "never"},
    {"nbf": int(time.time()) + 3600},
], ids=["destination", "issuer", "host", "leika", "region", "kreis", "split", "no-services",
        "expired", "exp-not-a-number", "not-yet-valid"])
def test_signed_claims_that_do_not_match_what_is_used_are_refused(portal_key, changes):
    with pytest.raises(Untrusted) as caught:
        verify(_sign(portal_key, _claims(**changes)), _keys(portal_key), EXPECTED)
    assert caught.value.user_message == REFUSED_DE


def test_a_key_the_portal_does_not_publish_is_refused(portal_key):
    other = jwk.JWK.generate(kty="RSA", size=2048, kid="someone-else")
    with pytest.raises(Untrusted, match="not a key of the configured portal"):
        verify(_sign(other, _claims()), _keys(portal_key), EXPECTED)


def test_a_short_or_wrong_purpose_portal_key_is_refused(portal_key):
    short = jwk.JWK.generate(kty="RSA", size=2048, kid="portal-1")
    with pytest.raises(Untrusted, match="2048 bits"):
        verify(_sign(short, _claims()), _keys(short), EXPECTED)
    with pytest.raises(Untrusted, match="verifying"):
        verify(_sign(portal_key, _claims()), _keys(portal_key, key_ops=["sign"]), EXPECTED)
    with pytest.raises(Untrusted, match="PS512"):
        verify(_sign(portal_key, _claims()), _keys(portal_key, alg="RS256"), EXPECTED)


def _b64(doc: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize("header", [
    {"alg": "none", "kid": "portal-1"}, {"alg": "HS512", "kid": "portal-1"},
    {"alg": "RS512", "kid": "portal-1"}, {"alg": "PS512"},
    {"alg": "PS512", "kid": "portal-1", "crit": ["exp"]}])
def test_headers_other_than_ps512_with_a_kid_are_refused_before_any_key_is_used(header):
    asked: list[str] = []

    def keys(kid: str) -> None:
        asked.append(kid)

    token = f"{_b64(header)}.{_b64(_claims())}.{'' if header['alg'] == 'none' else 'c2ln'}"
    with pytest.raises(Untrusted):
        verify(token, keys, EXPECTED)
    assert asked == []


@pytest.mark.parametrize("token", [None, "", "a.b", "a.b.c.d", "!!.??.**"])
def test_what_is_no_jws_at_all_is_refused(token):
    with pytest.raises(Untrusted):
        verify(token, lambda kid: None, EXPECTED)


def test_the_submission_host_may_carry_the_port_and_the_issuer_comes_from_the_jwks_url(
        portal_key):
    local = Expected(DEST, LEIKA, WIESBADEN, "https://127.0.0.1:8460",
                     issuer_of("https://127.0.0.1:8460/portal/.well-known/jwks.json"))
    claims = _claims(submissionHost="127.0.0.1:8460", iss="https://127.0.0.1:8460/portal")
    verify(_sign(portal_key, claims), _keys(portal_key), local)
    with pytest.raises(Untrusted):
        verify(_sign(portal_key, _claims(submissionHost="127.0.0.1:8461",
                                         iss="https://127.0.0.1:8460/portal")),
               _keys(portal_key), local)


def test_the_demo_configuration_trusts_the_sandbox_portal_and_other_urls_are_refused():
    from kiosk.config import ConfigInvalid, parse_config
    from kiosk.resources import resource_path

    raw = resource_path("station", "demo.json").read_bytes()
    fc = parse_config(raw, "demo").fit_connect
    assert fc is not None and fc.portal_jwks_url is not None
    assert issuer_of(fc.portal_jwks_url) == "https://127.0.0.1:8460/portal"
    doc = json.loads(raw)
    for bad in ("https://portal.example/keys", "http://portal.example/.well-known/jwks.json"):
        doc["fit_connect"]["portal_jwks_url"] = bad
        with pytest.raises(ConfigInvalid, match="portal_jwks_url"):
            parse_config(json.dumps(doc).encode(), "test")


PARAMETERS = {"submissionUrl": "https://submission-api.fit-connect.example/",
              "encryptionKid": "k-1", "status": "active", "metadataVersions": ["1.0.0"],
              "publicKeys": {"keys": [{"kty": "RSA", "kid": "k-1", "e": "AQAB", "n": "xyz"}]}}


def _detached(key: jwk.JWK, parameters: Any) -> str:
    head, _, sig = _sign_bytes(key, parameters_payload(parameters)).split(".")
    return f"{head}..{sig}"


def _sign_bytes(key: jwk.JWK, payload: bytes) -> str:
    token = jws.JWS(payload)
    token.add_signature(key, None, json.dumps({"alg": "PS512", "kid": key["kid"]}))
    return str(token.serialize(compact=True))


def test_destination_parameters_signed_by_the_zustelldienst_are_accepted(portal_key):
    shuffled = dict(reversed(list(PARAMETERS.items())))  # key order as it came on the wire
    route = {"destinationParameters": shuffled,
             "destinationParametersSignature": _detached(portal_key, PARAMETERS)}
    verify_parameters(route, _keys(portal_key), EXPECTED)
    verify_parameters({"destinationId": DEST}, _keys(portal_key), EXPECTED)  # 2.0.0: none


@pytest.mark.parametrize("case", ["altered", "unsigned", "signature-only", "attached",
                                  "other-submission-api", "unknown-key"])
def test_destination_parameters_that_do_not_check_out_are_refused(portal_key, case):
    params: dict[str, Any] = dict(PARAMETERS)
    signature: str | None = _detached(portal_key, params)
    keys = _keys(portal_key)
    if case == "altered":
        params["encryptionKid"] = "k-2"
    elif case == "unsigned":
        signature = None
    elif case == "attached":
        signature = _sign_bytes(portal_key, parameters_payload(params))
    elif case == "other-submission-api":
        params["submissionUrl"] = "https://submission.evil.example"
        signature = _detached(portal_key, params)
    elif case == "unknown-key":
        keys = lambda kid: None  # noqa: E731
    route = {"destinationParameters": None if case == "signature-only" else params,
             "destinationParametersSignature": signature}
    with pytest.raises(Untrusted) as caught:
        verify_parameters(route, keys, EXPECTED)
    assert caught.value.user_message == REFUSED_DE
