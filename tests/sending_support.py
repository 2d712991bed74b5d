"""Helpers for the sending-panel tests: a demo station that sends to a given FIT-Connect
test double (its client secret in the test's keyring), and one without sending set up."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.config import CONFIG_FILE
from kiosk.resources import resource_path
from tests.config_trust import sign_config
from tests.fake_fit_connect import CLIENT_SECRET, fit_connect_section, root_pem
from tests.sync_support import sandbox_fit_connect, sending_station

REPO = Path(__file__).resolve().parents[1]


def sending_demo_station(where: Path, keyring: Any, url: str) -> Any:
    """A demo station (counsellor "Demo-Beraterin") whose configuration sends to ``url``;
    opened anew, as the kiosk reads its configuration once per process."""
    from kiosk.keys.service_credentials import ServiceCredentials

    root = where / "root.pem"
    root.write_bytes(root_pem())
    station = sending_station(where / "station", keyring, fit_connect_section(url, str(root)))
    ServiceCredentials(station.identity.station_id, keyring).set_client_secret(CLIENT_SECRET)
    return station


def unconfigured_demo_station(where: Path, keyring: Any) -> Any:
    """A demo station whose (signed) configuration has no ``fit_connect`` section."""
    from kiosk.app import Station

    station = Station.provision(where / "station", demo=True, keyring_backend=keyring)
    doc = json.loads(resource_path("station", "demo.json").read_text(encoding="utf-8"))
    doc.pop("fit_connect", None)
    path = Path(station.dir.path) / CONFIG_FILE
    path.write_text(json.dumps(doc), encoding="utf-8")
    sign_config(path)
    station.close()
    return Station.open(where / "station", keyring_backend=keyring)


def closed_port_url() -> str:
    """A loopback URL where nothing listens (the service is down: offline)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def sandbox_process(where: Path, *args: str) -> Iterator[tuple[str, str]]:
    """The real sandbox (``python -m sandbox``) in a process of its own on a free loopback
    port, with ``args`` (e.g. ``--latency-ms 300``); yields its base URL and CA file. Its
    RSA-4096 demo keys take several seconds to make."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0", "--dir", str(where), *args],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO)
    try:
        assert proc.stdout is not None
        base = ca = ""
        for line in proc.stdout:
            if line.startswith("FIT-Connect sandbox on "):
                base = line.split(" on ", 1)[1].strip()
            elif line.strip().startswith("CA certificate"):
                ca = line.split("CA certificate", 1)[1].strip()
                break
        assert base and ca, "the sandbox did not start"
        yield base, ca
    finally:
        proc.terminate()
        proc.wait(30)
        if proc.stdout is not None:
            proc.stdout.close()


def sandbox_demo_station(where: Path, keyring: Any, base: str, ca: str) -> Any:
    """A demo station sending to a sandbox (its demo client secret comes from
    provisioning, as on a demo station)."""
    return sending_station(where / "station", keyring,
                           sandbox_fit_connect(base, ca, timeout=10))
