"""HTTP for sending: a timeout on every request, TLS always verified (station CA file,
optional certificate pin), environment proxies except for loopback, retries with
exponential back-off and jitter that honour ``Retry-After``."""

from __future__ import annotations

import ipaddress
import logging
import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from kiosk.config import FitConnectConfig
from kiosk.sync.errors import NotConfigured, Permanent, Transient

log = logging.getLogger(__name__)

#: Longest a single request waits for a Retry-After before the claim is deferred instead.
MAX_INLINE_WAIT = 5.0
OFFLINE_DE = "Keine Verbindung zum Versanddienst. Die Anträge werden gesendet, sobald die " \
    "Verbindung wieder besteht."


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def backoff(attempt: int, base: float = 0.5, cap: float = 300.0) -> float:
    """Exponential back-off with full jitter: a random wait up to ``base * 2**attempt``."""
    return random.uniform(base / 2, min(cap, base * (2 ** min(attempt, 20))))  # noqa: S311


class _PinnedAdapter(HTTPAdapter):
    """Refuses a TLS peer whose certificate's SHA-256 is not the configured pin."""

    def __init__(self, pin: str | None) -> None:
        self._pin = pin
        super().__init__(pool_connections=4, pool_maxsize=8)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        if self._pin:
            kwargs["assert_fingerprint"] = self._pin
        super().init_poolmanager(*args, **kwargs)


class Transport:
    """One station's HTTP client for the FIT-Connect services."""

    def __init__(self, fc: FitConnectConfig, sleep: Callable[[float], None] = time.sleep,
                 attempts: int = 4) -> None:
        if fc.ca_file is not None and not fc.ca_file.is_file():
            raise NotConfigured(
                f"CA file for the FIT-Connect services not found ({fc.ca_file.name})",
                "Die Zertifikatsdatei für den Versanddienst fehlt. Bitte die IT-Betreuung "
                "verständigen.")
        self.timeout = fc.timeout_seconds
        self._verify: str | bool = str(fc.ca_file) if fc.ca_file is not None else True
        self._sleep = sleep
        self._attempts = attempts
        self._sessions: dict[bool, requests.Session] = {}
        self._pin = fc.tls_pin_sha256
        #: A service that answered 429 gets no request before this moment (monotonic).
        self._not_before = 0.0

    def _session(self, loopback: bool) -> requests.Session:
        s = self._sessions.get(loopback)
        if s is None:
            s = requests.Session()
            # Loopback never goes through a proxy; elsewhere the environment's proxy
            # settings (HTTPS_PROXY, NO_PROXY) apply.
            s.trust_env = not loopback
            adapter = _PinnedAdapter(self._pin)
            s.mount("https://", adapter)
            s.mount("http://", adapter)
            self._sessions[loopback] = s
        return s

    def close(self) -> None:
        for s in self._sessions.values():
            s.close()

    def once(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One request; the result sorted into success, Transient or Permanent."""
        if not url.startswith("https://") and not is_loopback(url):
            raise Permanent(f"refusing plain HTTP to {urlsplit(url).hostname}",
                            "Der Versanddienst ist nicht über HTTPS konfiguriert.")
        loopback = is_loopback(url)
        hold = self._not_before - time.monotonic()
        if hold > 0:
            # Honour the service's Retry-After for every request, not only the refused one.
            if hold > MAX_INLINE_WAIT:
                raise Transient("service asked to wait", "Der Versanddienst bittet um eine "
                                "Pause; es wird später erneut versucht.", retry_after=hold)
            self._sleep(hold)
        try:
            resp = self._session(loopback).request(
                method, url, timeout=self.timeout, verify=self._verify, **kwargs)
        except requests.exceptions.SSLError as exc:
            raise Permanent(f"TLS check of {urlsplit(url).hostname} failed: "
                            f"{type(exc).__name__}",
                            "Das Zertifikat des Versanddienstes ist nicht vertrauenswürdig. "
                            "Bitte die IT-Betreuung verständigen.") from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            offline = isinstance(exc, requests.exceptions.ConnectionError) and not isinstance(
                exc, requests.exceptions.ReadTimeout) and _refused(exc)
            raise Transient(f"{method} {urlsplit(url).path}: {type(exc).__name__}", OFFLINE_DE,
                            offline=offline) from None
        except requests.exceptions.RequestException as exc:
            raise Transient(f"{method} {urlsplit(url).path}: {type(exc).__name__}",
                            OFFLINE_DE) from None
        status = resp.status_code
        if status < 400:
            return resp
        where = f"{method} {urlsplit(url).path} -> {status}"
        if status in (408, 425, 429) or status >= 500:
            wait = retry_after_seconds(resp.headers.get("Retry-After"))
            if status == 429:
                wait = 1.0 if wait is None else wait
                self._not_before = max(self._not_before, time.monotonic() + wait)
            raise Transient(where, "Der Versanddienst ist gerade überlastet oder gestört; "
                            "es wird später erneut versucht.", retry_after=wait)
        if status == 401:
            raise Transient(where, "Die Anmeldung beim Versanddienst ist abgelaufen.",
                            retry_after=0)
        raise Permanent(f"{where}: {_problem(resp)}", _refusal_de(status, resp), status)

    def request(self, method: str, url: str, on_unauthorized: Callable[[], None] | None = None,
                **kwargs: Any) -> requests.Response:
        """With a few quick retries (back-off, Retry-After up to MAX_INLINE_WAIT); a longer
        outage is raised as Transient for the caller to defer the claim."""
        last: Transient | None = None
        for attempt in range(self._attempts):
            try:
                return self.once(method, url, **kwargs)
            except Transient as exc:
                last = exc
                if exc.offline:
                    raise
                if exc.retry_after == 0 and on_unauthorized is not None:
                    on_unauthorized()
                    headers = kwargs.get("headers") or {}
                    kwargs["headers"] = headers
                    continue
                wait = exc.retry_after if exc.retry_after is not None else backoff(attempt, 0.05, 2)
                if wait > MAX_INLINE_WAIT or attempt == self._attempts - 1:
                    raise
                if self._not_before <= time.monotonic():
                    self._sleep(wait)  # (a 429's wait happens at the next request)
        assert last is not None
        raise last


def _refused(exc: Exception) -> bool:
    """Connection refused / no route / name not resolved: the network or service is away."""
    text = repr(exc)
    return any(s in text for s in ("Connection refused", "NewConnectionError",
                                   "Name or service not known", "No route to host",
                                   "Network is unreachable", "Temporary failure in name"))


def _problem(resp: requests.Response) -> str:
    try:
        doc = resp.json()
    except ValueError:
        return ""
    if isinstance(doc, dict):
        return str(doc.get("title") or doc.get("detail") or "")[:200]
    return ""


def _refusal_de(status: int, resp: requests.Response) -> str:
    if status == 403:
        return ("Der Versanddienst verweigert den Zugriff (Berechtigung der Station). "
                "Bitte die IT-Betreuung verständigen.")
    if status == 404:
        return ("Die Empfangsstelle oder die Einreichung ist beim Versanddienst unbekannt. "
                "Bitte die Stationskonfiguration prüfen lassen.")
    if status == 413:
        return "Der Antrag ist für den Versanddienst zu groß."
    return (f"Der Versanddienst hat den Antrag abgelehnt (Fehler {status}). Ein erneuter "
            "Versuch hilft nicht; bitte die IT-Betreuung verständigen.")
