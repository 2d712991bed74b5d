"""Which destination a claim goes to and with which key: by LeiKa id and region through the
Routing API (used only once its destinationSignature checks out), else the office's
destination from the configuration; destination and key are checked and cached in the store,
so a station offline still uses the last verified destination and key."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from kiosk.store.outbox import OutboxRepository
from kiosk.sync import routing_signature
from kiosk.sync.api import FitConnectApi
from kiosk.sync.errors import Permanent, Transient, Untrusted
from kiosk.sync.keycheck import check_key, load_root

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DestinationKey:
    destination_id: str
    kid: str
    jwk: dict[str, Any]


class Destinations:
    """Looked up online once per sending run (so a key rotation is seen), cached for offline."""

    def __init__(self, api: FitConnectApi, outbox: OutboxRepository, region: str) -> None:
        self._api = api
        self._outbox = outbox
        self._region = region
        self._root = load_root(api.fc.key_root_file)
        self._fresh: dict[str, DestinationKey] = {}
        self._routes: dict[str, str] = {}
        self._portal_jwks: list[dict[str, Any]] | None = None
        self._service_jwks: list[dict[str, Any]] | None = None
        self._warned_unverifiable = False

    def forget(self) -> None:
        """Look the destinations' keys up again (a new run: a rotation must be seen soon);
        routes change rarely and are kept for the sender's lifetime."""
        self._fresh.clear()
        self._portal_jwks = self._service_jwks = None

    def destination_for(self, leika: str, configured: str) -> str:
        """The routed destination for ``leika`` in the station's region once its
        ``destinationSignature`` checks out, the last verified one while offline, else the
        configured one. A routing result that does not check out raises :class:`Untrusted`
        (the claim needs attention; it is never sent to an unconfirmed destination)."""
        if leika in self._routes:
            return self._routes[leika]
        fc = self._api.fc
        if not fc.routing_url:
            return configured
        if not fc.portal_jwks_url:
            if not self._warned_unverifiable:
                log.warning("routing_url is set but portal_jwks_url is not: routing results "
                            "cannot be verified; using the configured destinations")
                self._warned_unverifiable = True
            return configured
        key = f"verified-route:{leika}:{self._region}"
        found: str | None = None
        try:
            route = self._api.route(leika, self._region)
            if route is not None:
                found = str(route.get("destinationId") or "")
                expected = routing_signature.Expected(
                    found, leika, self._region, fc.submission_url,
                    routing_signature.issuer_of(fc.portal_jwks_url))
                routing_signature.verify(route.get("destinationSignature"), self._portal_key,
                                         expected)
                routing_signature.verify_parameters(route, self._service_key, expected)
                self._outbox.cache_put(key, {"destinationId": found})
        except Transient:
            cached = self._outbox.cache_get(key)  # only ever a verified one
            found = str(cached[0]["destinationId"]) if cached else None
        except Untrusted as exc:
            log.warning("routing result for LeiKa %s refused: %s", leika, exc)
            raise
        except Permanent as exc:
            log.warning("routing lookup failed (%s); using the configured destination", exc)
            found = None
        self._routes[leika] = found or configured
        return self._routes[leika]

    def _portal_key(self, kid: str) -> dict[str, Any] | None:
        """A key of the configured portal's JWKS (fetched once per sending run)."""
        if self._portal_jwks is None:
            self._portal_jwks = _keys_of(self._api.portal_jwks())
        return next((k for k in self._portal_jwks if k.get("kid") == kid), None)

    def _service_key(self, kid: str) -> dict[str, Any] | None:
        """A key of the configured Submission API's JWKS (the Zustelldienst signs the
        ``destinationParameters`` of newer routing results); once per sending run."""
        if self._service_jwks is None:
            self._service_jwks = _keys_of(self._api.service_jwks())
        return next((k for k in self._service_jwks if k.get("kid") == kid), None)

    def key(self, destination_id: str, refresh: bool = False) -> DestinationKey:
        if not refresh and destination_id in self._fresh:
            return self._fresh[destination_id]
        cache_key = f"destination:{destination_id}"
        try:
            info = self._api.destination(destination_id)
            if info.get("status") not in (None, "active"):
                raise Permanent(f"destination is {info.get('status')}",
                                "Die Empfangsstelle nimmt derzeit keine Anträge an. Bitte die "
                                "IT-Betreuung verständigen.")
            kid = str(info["encryptionKid"])
            jwk = self._api.destination_key(destination_id, kid)
            check_key(jwk, self._root, "wrapKey")
            if jwk.get("kid") not in (None, kid):
                raise Untrusted("the key's kid is not the destination's encryptionKid",
                                "Der Schlüssel der Empfangsstelle passt nicht zu ihr.")
            found = DestinationKey(destination_id, kid, jwk)
            self._outbox.cache_put(cache_key, {"kid": kid, "jwk": jwk})
        except Transient:
            cached = self._outbox.cache_get(cache_key)
            if cached is None:
                raise
            check_key(cached[0]["jwk"], self._root, "wrapKey")
            found = DestinationKey(destination_id, cached[0]["kid"], cached[0]["jwk"])
        except KeyError:
            raise Permanent("destination has no encryptionKid",
                            "Die Empfangsstelle hat keinen Schlüssel veröffentlicht.") from None
        self._fresh[destination_id] = found
        return found

    def signature_key(self, kid: str, destination_id: str | None) -> dict[str, Any] | None:
        """A key for event tokens: the service's published JWKS, else the destination's own
        signature key (offices sign their accept/reject events); None if unknown."""
        cache_key = f"sigkey:{kid}"
        cached = self._outbox.cache_get(cache_key)
        if cached is not None:
            return dict(cached[0])
        candidates: list[tuple[dict[str, Any], bool]] = []
        try:
            candidates = [(k, False) for k in self._api.service_jwks().get("keys", [])
                          if k.get("kid") == kid]
        except (Transient, Permanent):
            candidates = []
        if not candidates and destination_id:
            try:
                candidates = [(self._api.destination_key(destination_id, kid), True)]
            except Permanent:
                candidates = []
        for jwk, chain in candidates:
            try:
                check_key(jwk, self._root, "verify", require_chain=chain)
            except Untrusted as exc:
                log.warning("event token key %s refused: %s", kid, exc)
                continue
            self._outbox.cache_put(cache_key, jwk)
            return jwk
        return None


def _keys_of(jwks: dict[str, Any]) -> list[dict[str, Any]]:
    keys = jwks.get("keys")
    return [dict(k) for k in keys if isinstance(k, dict)] if isinstance(keys, list) else []
