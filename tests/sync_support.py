"""Helpers for the sending tests: a station that sends to a given FIT-Connect endpoint,
signed claims made quickly through the store (canonical JSON with canary names), and the
sender over it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from kiosk.config import CONFIG_FILE
from kiosk.resources import resource_path
from kiosk.sync.queue import queue_signed_claim
from kiosk.sync.sender import DocumentSource, Sender
from tests.config_trust import sign_config

ACTOR = "counsellor:1"
BENEFITS = ("kindergeld", "wohngeld", "buergergeld", "unterhaltsvorschuss")
OFFICE_OF = {"kindergeld": "familienkasse", "wohngeld": "wohngeldbehoerde",
             "buergergeld": "jobcenter", "unterhaltsvorschuss": "amt_soziale_arbeit"}


def write_config(data_dir: Path, fit_connect: dict[str, Any], **overrides: Any) -> None:
    doc = json.loads(resource_path("station", "demo.json").read_text(encoding="utf-8"))
    doc["fit_connect"] = fit_connect
    doc.update(overrides)
    path = Path(data_dir) / CONFIG_FILE
    path.write_text(json.dumps(doc), encoding="utf-8")
    sign_config(path)  # signed like IT's; the test processes trust the test key


def sandbox_fit_connect(base_url: str, ca_file: Any, *, timeout: float | None = None,
                        portal: bool = False) -> dict[str, Any]:
    """The ``fit_connect`` section for the sandbox at ``base_url`` (its demo CA ``ca_file``
    is the TLS and key root); ``portal``: routing results are checked against its demo
    portal's keys."""
    from sandbox.config import DEMO_CLIENT_ID

    ca = str(ca_file)
    section: dict[str, Any] = {
        "token_url": f"{base_url}/token", "submission_url": base_url,
        "routing_url": f"{base_url}/routing/v1", "client_id": DEMO_CLIENT_ID,
        "ca_file": ca, "key_root_file": ca}
    if portal:
        section["portal_jwks_url"] = f"{base_url}/portal/.well-known/jwks.json"
    if timeout is not None:
        section["timeout_seconds"] = timeout
    return section


def sending_station(data_dir: Path, keyring: Any, fit_connect: dict[str, Any],
                    **overrides: Any) -> Any:
    """A demo station configured to send with ``fit_connect``, opened anew (the
    configuration is read once per process, as the kiosk does)."""
    from kiosk.app import Station

    station = Station.provision(data_dir, demo=True, keyring_backend=keyring)
    write_config(station.dir.path, fit_connect, **overrides)
    station.close()
    return Station.open(data_dir, keyring_backend=keyring)


def sandbox_secret() -> str:
    """The sandbox's demo client secret."""
    from sandbox.config import DEMO_CLIENT_SECRET

    return DEMO_CLIENT_SECRET


def sandbox_control(sb: Any, method: str, path: str, **kw: Any) -> Any:
    """A call to the sandbox's own control endpoints (faults, settings …); its JSON answer."""
    import requests

    r = requests.request(method, sb.base_url + path, verify=str(sb.ca_file), timeout=30, **kw)
    r.raise_for_status()
    return r.json() if r.content else None


def canonical_claim(i: int, canary: str) -> bytes:
    doc = {"applicant": {"family_name": f"{canary}FAM{i}", "given_names": f"{canary}GIV{i}"},
           "bank_account": {"iban": f"DE{canary}IBAN{i}"}, "index": i}
    return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()


def household(i: int, canary: str) -> dict[str, Any]:
    return {"applicant": {"family_name": f"{canary}FAM{i}", "given_names": f"{canary}GIV{i}"}}


def signed_claims(station: Any, n: int, canary: str = "CANARY", start: int = 0
                  ) -> dict[str, bytes]:
    """``n`` claims signed and queued (one case each); claim id -> its frozen canonical JSON."""
    store = station.store
    made: dict[str, bytes] = {}
    for i in range(start, start + n):
        case_id = store.cases.create_case(ACTOR, household(i, canary))
        benefit = BENEFITS[i % len(BENEFITS)]
        claim_id = store.claims.add_claim(case_id, benefit, "1", None, ACTOR)
        canonical = canonical_claim(i, canary)
        with store.transaction():
            store.claims.sign(claim_id, {"strokes": [[i]]}, canonical,
                              hashlib.sha256(canonical).hexdigest(), ACTOR, "station")
            queue_signed_claim(station, claim_id, OFFICE_OF[benefit], ACTOR)
        made[claim_id] = canonical
    return made


def make_sender(station: Any, secret: str, documents: DocumentSource | None = None,
                **kwargs: Any) -> Sender:
    return Sender(station.store, station.config, lambda: secret, documents,
                  sleep=kwargs.get("sleep", lambda s: None))
