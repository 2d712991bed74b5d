"""The sandbox's fixed demo world: host, port, clients, offices with their LeiKa keys and region."""

from __future__ import annotations

import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_PORT = 8460
LEIKA_URN = "urn:de:fim:leika:leistung:"
# Wiesbaden's Amtlicher Regionalschlüssel (the demo station's region).
DEMO_ARS = "064140000000"
DEMO_CLIENT_ID = "fvo-kiosk-demo-station"
# Fixed on purpose: the demo kiosk ships this secret for its keyring. Demo only, loopback only.
DEMO_CLIENT_SECRET = "demo-station-secret-not-for-production"  # noqa: S105
OFFICE_CLIENT_ID = "sandbox-office"
#: The demo Self-Service-Portal: its ``iss`` is the sandbox's base URL + this, its JWKS at
#: ``PORTAL_PREFIX + /.well-known/jwks.json``.
PORTAL_PREFIX = "/portal"
TOKEN_LIFETIME_SECONDS = 300
# The claim data the kiosk sends; validated when a submission names this schema.
SUBMISSION_SCHEMA = {
    "schemaUri": "https://fvo-kiosk.example/schemas/claim.schema.json",
    "mimeType": "application/json",
}


@dataclass(frozen=True)
class Office:
    """One demo destination: who it is and which LeiKa keys it serves in which region."""

    destination_id: str
    key: str
    name: str
    leika: tuple[tuple[str, str], ...]  # (benefit, LeiKa key)
    ars: tuple[str, ...] = (DEMO_ARS,)

    @property
    def leika_keys(self) -> tuple[str, ...]:
        return tuple(k for _, k in self.leika)


OFFICES: tuple[Office, ...] = (
    Office("00000000-0000-4000-8000-000000000101", "familienkasse",
           "Familienkasse Hessen (Demo)",
           (("kindergeld", "99000000000101"), ("kinderzuschlag", "99000000000102"))),
    Office("00000000-0000-4000-8000-000000000102", "jobcenter",
           "Kommunales Jobcenter Wiesbaden (Demo)", (("buergergeld", "99000000000106"),)),
    Office("00000000-0000-4000-8000-000000000103", "wohngeldbehoerde",
           "Wohngeldbehörde Wiesbaden (Demo)", (("wohngeld", "99000000000104"),)),
    Office("00000000-0000-4000-8000-000000000104", "amt_soziale_arbeit",
           "Amt für Soziale Arbeit Wiesbaden, Unterhaltsvorschuss (Demo)",
           (("unterhaltsvorschuss", "99000000000105"),)),
    Office("00000000-0000-4000-8000-000000000105", "sozialleistungen",
           "Sozialleistungs- und Jobcenter Wiesbaden, Bildung und Teilhabe (Demo)",
           (("bildung_teilhabe", "99000000000103"),)),
)


@dataclass
class Clients:
    """OAuth2 clients: id → (secret, role). Role ``sender`` or ``subscriber``."""

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)

    def check(self, client_id: str, client_secret: str) -> str | None:
        """The client's role when id and secret match, else None."""
        entry = self.entries.get(client_id)
        if entry is None or not secrets.compare_digest(entry[0], client_secret):
            return None
        return entry[1]


def load_clients(directory: Path) -> Clients:
    """The clients from ``<dir>/clients.json``; written with the demo clients on first start.

    The office (subscriber) client gets a random secret, readable in that file (mode 0600)."""
    path = directory / "clients.json"
    if not path.exists():
        doc = {
            "clients": [
                {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET,
                 "role": "sender"},
                {"client_id": OFFICE_CLIENT_ID, "client_secret": secrets.token_urlsafe(24),
                 "role": "subscriber"},
            ]
        }
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    return Clients({c["client_id"]: (c["client_secret"], c["role"]) for c in doc["clients"]})


def office_by_id(destination_id: str) -> Office | None:
    for office in OFFICES:
        if office.destination_id == destination_id:
            return office
    return None
