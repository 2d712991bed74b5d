"""OAuth2 client-credentials tokens: opaque bearer tokens with an expiry, kept in memory."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

from sandbox.config import TOKEN_LIFETIME_SECONDS, Clients


@dataclass(frozen=True)
class Grant:
    """What a bearer token stands for."""

    client_id: str
    role: str  # "sender" or "subscriber"
    scope: str
    expires_at: float


class TokenIssuer:
    """Issues and checks bearer tokens for the configured clients."""

    def __init__(self, clients: Clients, lifetime: float = TOKEN_LIFETIME_SECONDS) -> None:
        self.clients = clients
        self.lifetime = lifetime
        self._grants: dict[str, Grant] = {}
        self._lock = threading.Lock()

    def issue(self, client_id: str, client_secret: str, scope: str | None) -> tuple[str, Grant]:
        """A new token; ``PermissionError`` when the client is unknown or the secret wrong."""
        role = self.clients.check(client_id, client_secret)
        if role is None:
            raise PermissionError("invalid_client")
        default = "send:region:DE06" if role == "sender" else "subscribe:destination:*"
        grant = Grant(client_id, role, scope or default, time.time() + self.lifetime)
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = time.time()
            if len(self._grants) > 10_000:  # forget expired tokens now and then
                self._grants = {t: g for t, g in self._grants.items() if g.expires_at > now}
            self._grants[token] = grant
        return token, grant

    def check(self, authorization: str | None) -> Grant | None:
        """The grant of a valid, unexpired ``Authorization: Bearer …`` header, else None."""
        if not authorization or not authorization[:7].lower() == "bearer ":
            return None
        with self._lock:
            grant = self._grants.get(authorization[7:].strip())
        if grant is None or grant.expires_at <= time.time():
            return None
        return grant

    def expire_all(self) -> None:
        """Every token issued so far stops working (tests: renewal after expiry)."""
        with self._lock:
            self._grants.clear()
