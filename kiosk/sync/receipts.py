"""The office's receipts: Security Event Tokens (PS512) from a case's event log, verified
against the published keys before they change anything."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jwcrypto import jwk, jws
from jwcrypto.common import JWException

EVENTS = "https://schema.fitko.de/fit-connect/events/"
SUBMIT = EVENTS + "submit-submission"
ACCEPT = EVENTS + "accept-submission"
REJECT = EVENTS + "reject-submission"


@dataclass(frozen=True)
class Event:
    name: str  # the event URI
    submission_id: str | None
    case_id: str | None
    payload: dict[str, Any]


class UnverifiedToken(Exception):
    """A token whose signature, algorithm or key does not check out; it changes nothing."""


def _header(token: str) -> dict[str, Any]:
    import base64

    part = token.split(".")[0]
    try:
        return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))
    except (ValueError, TypeError):
        raise UnverifiedToken("token header unreadable") from None


def verify(token: str, key_for: Callable[[str], dict[str, Any] | None]) -> Event:
    """The event, if the token is a PS512 JWS signed by the key its ``kid`` names."""
    header = _header(token)
    if header.get("alg") != "PS512":
        raise UnverifiedToken(f"token algorithm {header.get('alg')!r} is not PS512")
    kid = header.get("kid")
    key = key_for(str(kid)) if kid else None
    if key is None:
        raise UnverifiedToken("token signed by an unknown key")
    try:
        sig = jws.JWS()
        sig.deserialize(token)
        sig.verify(jwk.JWK(**{k: key[k] for k in ("kty", "n", "e") if k in key}), alg="PS512")
        payload = json.loads(sig.payload)
    except (JWException, ValueError, TypeError) as exc:
        raise UnverifiedToken(f"token signature does not verify ({type(exc).__name__})") from None
    events = payload.get("events") or {}
    if not isinstance(events, dict) or len(events) != 1:
        raise UnverifiedToken("token carries no single event")
    name, body = next(iter(events.items()))
    sub, txn = str(payload.get("sub", "")), str(payload.get("txn", ""))
    return Event(name, sub.removeprefix("submission:") if sub.startswith("submission:") else None,
                 txn.removeprefix("case:") if txn.startswith("case:") else None,
                 body if isinstance(body, dict) else {})


def rejection_reason(event: Event) -> str:
    """The office's reason in its own words (problem titles/details), else a default."""
    problems = event.payload.get("problems") or []
    texts = []
    for p in problems if isinstance(problems, list) else []:
        if isinstance(p, dict):
            texts.append(" – ".join(str(p[k]) for k in ("title", "detail") if p.get(k)))
    return "; ".join(t for t in texts if t) or "Die Stelle hat den Antrag abgelehnt."
