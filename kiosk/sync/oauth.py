"""OAuth2 client credentials: one access token, cached and renewed before it expires."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from kiosk.sync.errors import Permanent
from kiosk.sync.transport import Transport

#: Renew this long before the token's end, so no request goes out with a dying token.
RENEW_BEFORE = 30.0


class TokenSource:
    def __init__(self, transport: Transport, token_url: str, client_id: str,
                 secret: Callable[[], str], scope: str | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._transport = transport
        self._url = token_url
        self._client_id = client_id
        self._secret = secret
        self._scope = scope
        self._clock = clock
        self._token: str | None = None
        self._expires = 0.0
        self._lock = threading.Lock()
        self.fetched = 0  # how many tokens were fetched (tests, benchmark)

    def invalidate(self) -> None:
        with self._lock:
            self._token = None

    def token(self) -> str:
        with self._lock:
            if self._token is not None and self._clock() < self._expires - RENEW_BEFORE:
                return self._token
            # client_secret_post, as FITKO's token service documents it.
            form = {"grant_type": "client_credentials", "client_id": self._client_id,
                    "client_secret": self._secret()}
            if self._scope:
                form["scope"] = self._scope
            resp = self._transport.request(
                "POST", self._url, data=form, headers={"Accept": "application/json"})
            try:
                doc = resp.json()
                token = str(doc["access_token"])
                lifetime = float(doc.get("expires_in", 300))
            except (ValueError, KeyError, TypeError):
                raise Permanent("token endpoint answered without an access token",
                                "Die Anmeldung beim Versanddienst ist fehlgeschlagen.") from None
            self._token, self._expires = token, self._clock() + lifetime
            self.fetched += 1
            return token

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}
