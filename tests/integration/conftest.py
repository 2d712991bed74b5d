"""Fixtures of the sending tests: the real FIT-Connect sandbox (package ``sandbox/``) on a
free loopback port, and a station that sends to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.sandbox_fixtures import running_sandbox, sandbox, sandbox_dir
from tests.sync_support import write_config

__all__ = ["running_sandbox", "sandbox", "sandbox_dir"]  # fixtures for every test here


@pytest.fixture
def fit_sandbox(sandbox: Any) -> Any:
    """The session's one sandbox (tests/integration/sandbox_fixtures.py; its RSA-4096 keys
    take seconds to make), reset after each test."""
    return sandbox


def sandbox_section(fit_sandbox: Any, timeout: float = 1) -> dict[str, Any]:
    from sandbox.config import DEMO_CLIENT_ID

    base, ca = fit_sandbox.base_url, str(fit_sandbox.ca_file)
    return {"token_url": f"{base}/token", "submission_url": base,
            "routing_url": f"{base}/routing/v1",
            "portal_jwks_url": f"{base}/portal/.well-known/jwks.json",
            "client_id": DEMO_CLIENT_ID, "ca_file": ca, "key_root_file": ca,
            "timeout_seconds": timeout}


@pytest.fixture
def sandbox_station(tmp_path: Path, memory_keyring: Any, fit_sandbox: Any) -> Iterator[Any]:
    from kiosk.app import Station

    station = Station.provision(tmp_path / "station", demo=True, keyring_backend=memory_keyring)
    write_config(station.dir.path, sandbox_section(fit_sandbox))
    # The configuration is read once per process (as the kiosk does): open the station anew.
    station.close()
    station = Station.open(tmp_path / "station", keyring_backend=memory_keyring)
    try:
        yield station
    finally:
        station.close()
