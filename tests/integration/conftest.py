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
