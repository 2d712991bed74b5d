"""Security Event Tokens (PS512 JWTs) per case, in FIT-Connect's event catalogue; signed lazily."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from jwcrypto import jwt

from sandbox.journal import Journal
from sandbox.keys import SERVICE, SIGNING, KeyStore

EVENTS = "https://schema.fitko.de/fit-connect/events/"
SET_SCHEMA = "https://schema.fitko.de/fit-connect/events/1.0.0/set-payload.schema.json"
PROBLEMS = "https://schema.fitko.de/fit-connect/events/problems/"
CREATE, SUBMIT = EVENTS + "create-submission", EVENTS + "submit-submission"
ACCEPT, REJECT = EVENTS + "accept-submission", EVENTS + "reject-submission"


def problem(kind: str, title: str, detail: str, instance: str) -> dict[str, str]:
    """One entry of a reject (or accept) event's ``problems``."""
    return {"type": PROBLEMS + kind, "title": title, "detail": detail, "instance": instance}


@dataclass
class Event:
    """One event: its claims now, its signed token on first read (signing costs ~10 ms)."""

    claims: dict[str, Any]
    signer: str  # key owner: SERVICE or a destination id
    token: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class EventLog:
    """The event log of every case; tokens are signed with the owner's current signing key."""

    def __init__(self, keys: KeyStore, issuer: str, journal: Journal | None = None) -> None:
        self.keys = keys
        self.journal = journal
        self.issuer = issuer
        self._cases: dict[str, list[Event]] = {}
        self._lock = threading.Lock()

    def open_case(self, case_id: str) -> None:
        with self._lock:
            self._cases.setdefault(case_id, [])

    def has_case(self, case_id: str) -> bool:
        with self._lock:
            return case_id in self._cases

    def add(self, case_id: str, submission_id: str, event: str, body: dict[str, Any],
            signer: str = SERVICE) -> None:
        claims = {
            "$schema": SET_SCHEMA,
            "jti": str(uuid.uuid4()),
            "iss": self.issuer if signer == SERVICE else signer,
            "iat": int(time.time()),
            "sub": f"submission:{submission_id}",
            "txn": f"case:{case_id}",
            "events": {event: body},
        }
        self.restore(case_id, claims, signer)
        if self.journal is not None:
            self.journal.append({"t": "event", "case": case_id, "claims": claims,
                                 "signer": signer})

    def restore(self, case_id: str, claims: dict[str, Any], signer: str) -> None:
        with self._lock:
            self._cases.setdefault(case_id, []).append(Event(claims, signer))

    def tokens(self, case_id: str, offset: int = 0, limit: int = 100) -> tuple[list[str], int]:
        """(signed tokens of the page, total count); KeyError for an unknown case."""
        with self._lock:
            events = list(self._cases[case_id])
        page = events[offset:offset + limit]
        return [self._signed(e) for e in page], len(events)

    def _signed(self, event: Event) -> str:
        with event.lock:
            if event.token is None:
                key = self.keys.current(event.signer, SIGNING)
                token = jwt.JWT(header={"alg": "PS512", "typ": "secevent+jwt", "kid": key.kid},
                                claims=event.claims)
                token.make_signed_token(key.private)
                event.token = token.serialize()
            return event.token
