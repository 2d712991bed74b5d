"""Fault injection: what the sandbox does wrong on purpose, set by flags or ``/sandbox/faults``."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import asdict, dataclass, fields
from typing import Any

ERROR_KINDS = ("500", "502", "503", "timeout")
DROP_KINDS = ("drop", "drop-after")
#: What the routing endpoint may serve instead of a good ``destinationSignature``.
ROUTING_SIGNATURE_KINDS = (
    "",  # a good signature by the portal's key
    "altered",  # the signed payload changed afterwards (another jti), signature kept
    "foreign-key",  # signed by another key (the Zustelldienst's) under the portal's kid
    "none",  # alg none, no signature
    "hs512",  # HMAC with the portal's public key as the secret (algorithm confusion)
    "swap",  # the route names another destination; the signature is the original's
    "expired",  # properly signed, exp in the past
    "wrong-host",  # properly signed, submissionHost another host
    "parameters-altered",  # destinationParameters changed after the Zustelldienst signed them
    "parameters-unsigned",  # destinationParameters without destinationParametersSignature
)


@dataclass
class Faults:
    """Fault settings. Rates are fractions of API requests (0..1).

    error_rate: answered with 500, 502, 503 or left hanging for ``hang_seconds`` (a timeout),
        chosen evenly; nothing is processed.
    drop_rate: the connection is closed without an answer; half before the request is
        processed ("drop"), half after it was processed ("drop-after": the reply is lost).
    rate_limit_rate: answered 429 with ``Retry-After: retry_after`` seconds; until then every
        request gets 429 again (and counts as an early retry).
    latency_ms: added to every API request.
    routing_signature: what the Routing API serves as ``destinationSignature`` (one of
        ``ROUTING_SIGNATURE_KINDS``; empty: a good one).
    """

    error_rate: float = 0.0
    drop_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after: int = 1
    latency_ms: float = 0.0
    hang_seconds: float = 15.0
    seed: int | None = None
    routing_signature: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultPlan:
    """Draws, per request, which fault (if any) to inject; thread-safe; counts what it did."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._lock = threading.Lock()
        self._rng = random.Random(faults.seed)  # noqa: S311 - test faults, not secrets
        self.throttled_until = 0.0
        self.counts: dict[str, int] = {}

    def update(self, changes: dict[str, Any]) -> Faults:
        """Apply the given settings (unknown names raise ``KeyError``)."""
        names = {f.name for f in fields(Faults)}
        with self._lock:
            for key, value in changes.items():
                if key not in names:
                    raise KeyError(key)
                if key == "routing_signature" and value not in ROUTING_SIGNATURE_KINDS:
                    raise ValueError(f"routing_signature must be one of "
                                     f"{ROUTING_SIGNATURE_KINDS}")
                setattr(self.faults, key, value)
            if "seed" in changes:
                self._rng = random.Random(self.faults.seed)  # noqa: S311
            if not self.faults.rate_limit_rate:
                self.throttled_until = 0.0
            return Faults(**self.faults.as_dict())

    def count(self, what: str) -> None:
        with self._lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    def draw(self) -> tuple[str | None, float]:
        """(fault kind or None, latency seconds) for one request."""
        f = self.faults
        with self._lock:
            now = time.monotonic()
            if now < self.throttled_until:
                self.counts["early_retry"] = self.counts.get("early_retry", 0) + 1
                kind: str | None = "429"
            else:
                x = self._rng.random()
                kind = None
                if x < f.rate_limit_rate:
                    kind = "429"
                    self.throttled_until = now + f.retry_after
                elif x < f.rate_limit_rate + f.error_rate:
                    kind = self._rng.choice(ERROR_KINDS)
                elif x < f.rate_limit_rate + f.error_rate + f.drop_rate:
                    kind = self._rng.choice(DROP_KINDS)
            if kind is not None:
                self.counts[kind] = self.counts.get(kind, 0) + 1
        return kind, f.latency_ms / 1000.0
