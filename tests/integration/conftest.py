"""Fixtures of the sending tests: the FIT-Connect endpoint on loopback and a station that
sends to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.fake_fit_connect import FakeFitConnect, fit_connect_section, root_pem
from tests.integration.sync_support import write_config


@pytest.fixture
def fake() -> Iterator[FakeFitConnect]:
    with FakeFitConnect() as f:
        yield f


@pytest.fixture
def sending_station(tmp_path: Path, memory_keyring: Any, fake: FakeFitConnect
                    ) -> Iterator[Any]:
    from kiosk.app import Station

    station = Station.provision(tmp_path / "station", demo=True, keyring_backend=memory_keyring)
    root = tmp_path / "root.pem"
    root.write_bytes(root_pem())
    write_config(station.dir.path, fit_connect_section(fake.url, str(root)))
    try:
        yield station
    finally:
        station.close()


# --- the real sandbox (package ``sandbox/``), on a free loopback port ------------------------
@pytest.fixture(scope="session")
def running_fit_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from sandbox.server import start_in_thread

    running = start_in_thread(tmp_path_factory.mktemp("fit-sandbox"))
    yield running
    running.stop()


@pytest.fixture
def fit_sandbox(running_fit_sandbox: Any) -> Iterator[Any]:
    """The session's sandbox, faults off again after each test."""
    from sandbox.faults import Faults

    yield running_fit_sandbox
    running_fit_sandbox.app.faults.update(Faults().as_dict())
    running_fit_sandbox.app.faults.counts.clear()


@pytest.fixture
def sandbox_station(tmp_path: Path, memory_keyring: Any, fit_sandbox: Any) -> Iterator[Any]:
    from kiosk.app import Station
    from sandbox.config import DEMO_CLIENT_ID

    station = Station.provision(tmp_path / "station", demo=True, keyring_backend=memory_keyring)
    base, ca = fit_sandbox.base_url, str(fit_sandbox.ca_file)
    write_config(station.dir.path, {
        "token_url": f"{base}/token", "submission_url": base, "routing_url": f"{base}/routing/v1",
        "client_id": DEMO_CLIENT_ID, "ca_file": ca, "key_root_file": ca, "timeout_seconds": 1})
    try:
        yield station
    finally:
        station.close()
