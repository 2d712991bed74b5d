"""The station configuration: offices and their destinations, LeiKa ids, region, retention
days, idle minutes, languages, the station days, online-service links for the handout.

A plain JSON file checked against ``resources/schemas/station-config.schema.json``; the
station reads ``<data dir>/station-config.json`` and, where IT has not put one there (the
demo, a developer's station), the packaged demo configuration. Either must carry a trusted
signature (``kiosk.config_signature`` says which key counts where).
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.config_signature import require_signature
from kiosk.errors import KioskError
from kiosk.resources import resource_path

log = logging.getLogger(__name__)

CONFIG_FILE = "station-config.json"


def _deployed_config() -> Path:
    """Where a package installation puts IT's signed configuration for `provision --config`:
    the MSI stores its STATIONCONFIG path in the registry; the .deb's documented place is
    /etc/fvo-kiosk/station-config.json (IT's configuration management drops it there)."""
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"Software\FVO Kiosk") as key:
                return Path(winreg.QueryValueEx(key, "StationConfig")[0])
        except OSError:
            return Path(r"C:\ProgramData\FVO Kiosk\station-config.json")
    return Path("/etc/fvo-kiosk/station-config.json")


DEPLOYED_CONFIG = _deployed_config()
SCHEMA = ("schemas", "station-config.schema.json")
DEMO_CONFIG = ("station", "demo.json")
MAX_BYTES = 256 * 1024


class ConfigInvalid(KioskError):
    """The station configuration file is missing parts, malformed or not readable."""


@dataclass(frozen=True)
class OnlineService:
    label: str
    url: str


@dataclass(frozen=True)
class Office:
    id: str
    name: str
    destination_id: str
    online_services: tuple[OnlineService, ...] = ()


@dataclass(frozen=True)
class FitConnectConfig:
    """Where claims are sent (FIT-Connect); the client secret is in the keyring, not here.
    File paths are resolved against the data dir."""

    token_url: str
    submission_url: str
    client_id: str
    key_root_file: Path
    routing_url: str | None = None
    #: The FIT-Connect Self-Service-Portal's JWKS: it signs the routing results
    #: (``destinationSignature``); without it routing results are not used.
    portal_jwks_url: str | None = None
    scope: str | None = None
    ca_file: Path | None = None
    tls_pin_sha256: str | None = None
    timeout_seconds: float = 30.0


@dataclass(frozen=True)
class StationConfig:
    name: str
    region: str
    languages: tuple[str, ...]
    idle_minutes: int
    retention_days: int
    station_days: tuple[date, ...]
    leika: dict[str, str]
    offices: dict[str, Office]
    #: The TUF repository of the station's updates (``updates.url``), if IT set one.
    updates_url: str | None = None
    #: Where it was read from (for `status`); never personal data.
    source: str = ""
    #: Where claims are sent; None: this station does not send (yet).
    fit_connect: FitConnectConfig | None = None
    #: Where the network scanner drops its scans; None: no scanner at this station.
    scanner_folder: Path | None = None

    def office(self, office_id: str) -> Office:
        try:
            return self.offices[office_id]
        except KeyError:
            raise ConfigInvalid(
                f"station configuration has no office {office_id!r}",
                f"In der Stationskonfiguration fehlt die Stelle „{office_id}“. "
                "Bitte die IT-Betreuung verständigen.",
            ) from None

    def next_station_day(self, today: date | None = None) -> date | None:
        today = today or date.today()
        return next((d for d in sorted(self.station_days) if d > today), None)


@cache
def _schema() -> dict[str, Any]:
    return dict(json.loads(resource_path(*SCHEMA).read_text(encoding="utf-8")))


def _invalid(source: str, why: str) -> ConfigInvalid:
    return ConfigInvalid(
        f"station configuration {source} is not usable: {why}",
        f"Die Stationskonfiguration ist fehlerhaft ({why}). "
        "Bitte die IT-Betreuung verständigen.",
    )


def _fit_connect(doc: dict[str, Any] | None, base: Path | None) -> FitConnectConfig | None:
    if doc is None:
        return None

    def path(name: str) -> Path | None:
        return _relative_to(base, doc.get(name))

    root = path("key_root_file")
    assert root is not None  # required by the schema
    return FitConnectConfig(
        token_url=doc["token_url"], submission_url=doc["submission_url"].rstrip("/"),
        client_id=doc["client_id"], key_root_file=root,
        routing_url=doc["routing_url"].rstrip("/") if doc.get("routing_url") else None,
        portal_jwks_url=doc.get("portal_jwks_url"),
        scope=doc.get("scope"), ca_file=path("ca_file"), tls_pin_sha256=doc.get("tls_pin_sha256"),
        timeout_seconds=float(doc.get("timeout_seconds", 30.0)),
    )


def parse_config(raw: bytes, source: str, base: Path | None = None) -> StationConfig:
    """Check and read a configuration document; :class:`ConfigInvalid` names the problem."""
    if len(raw) > MAX_BYTES:
        raise _invalid(source, "Datei zu groß")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _invalid(source, f"kein gültiges JSON: {type(exc).__name__}") from None
    import jsonschema  # on first use: ~50 ms of imports the login screen does not need

    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(doc),
                    key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                              for p in first.absolute_path)
        raise _invalid(source, f"{where}: {first.message}")
    offices = {
        oid: Office(oid, o["name"], o["destination_id"],
                    tuple(OnlineService(s["label"], s["url"])
                          for s in o.get("online_services", ())))
        for oid, o in doc["offices"].items()
    }
    try:
        days = tuple(date.fromisoformat(d) for d in doc.get("station_days", ()))
    except ValueError:
        raise _invalid(source, "station_days: kein gültiges Datum") from None
    return StationConfig(
        name=doc["station"]["name"], region=doc["station"]["region"],
        languages=tuple(doc["languages"]), idle_minutes=doc["idle_minutes"],
        retention_days=doc["retention_days"], station_days=days, leika=dict(doc["leika"]),
        offices=offices, source=source, updates_url=doc.get("updates", {}).get("url"),
        fit_connect=_fit_connect(doc.get("fit_connect"), base),
        scanner_folder=_relative_to(base, doc.get("scanner_folder")),
    )


def _relative_to(base: Path | None, value: str | None) -> Path | None:
    """A configured path: as written if absolute (or no base), else under ``base``."""
    if value is None:
        return None
    p = Path(value)
    return p if p.is_absolute() or base is None else base / p


def load_config(data_dir: Path) -> StationConfig:
    """The station's configuration file, or the packaged demo one where it has none."""
    path = Path(data_dir) / CONFIG_FILE
    if path.exists():
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise _invalid(CONFIG_FILE, f"nicht lesbar: {exc.strerror}") from None
        require_signature(data_dir, raw, packaged_demo=False, source=CONFIG_FILE)
        return parse_config(raw, CONFIG_FILE, Path(data_dir))
    raw = resource_path(*DEMO_CONFIG).read_bytes()
    require_signature(data_dir, raw, packaged_demo=True, source="demo")
    return parse_config(raw, "demo", Path(data_dir))
