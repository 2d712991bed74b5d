"""Fixtures of the sending tests: the real FIT-Connect sandbox (package ``sandbox/``) on a
free loopback port, and a station that sends to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.sandbox_fixtures import running_sandbox, sandbox, sandbox_dir
from tests.sync_support import sandbox_fit_connect, sending_station

__all__ = ["running_sandbox", "sandbox", "sandbox_dir"]  # fixtures for every test here


@pytest.fixture
def fit_sandbox(sandbox: Any) -> Any:
    """The session's one sandbox (tests/integration/sandbox_fixtures.py; its RSA-4096 keys
    take seconds to make), reset after each test."""
    return sandbox


def sandbox_section(fit_sandbox: Any, timeout: float = 1) -> dict[str, Any]:
    return sandbox_fit_connect(fit_sandbox.base_url, fit_sandbox.ca_file, timeout=timeout,
                               portal=True)


@pytest.fixture
def sandbox_station(tmp_path: Path, memory_keyring: Any, fit_sandbox: Any) -> Iterator[Any]:
    station = sending_station(tmp_path / "station", memory_keyring,
                              sandbox_section(fit_sandbox))
    try:
        yield station
    finally:
        station.close()
