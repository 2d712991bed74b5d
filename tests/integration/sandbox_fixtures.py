"""Fixtures of the sandbox tests: one sandbox per session (its RSA-4096 keys take seconds to
make), reset after each test. Imported by the test modules (not a conftest: the sending tests
have their own)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sandbox.config import TOKEN_LIFETIME_SECONDS
from sandbox.faults import Faults
from sandbox.server import Running, start_in_thread
from tests.integration.fitconnect_client import Client


@pytest.fixture(scope="session")
def sandbox_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sandbox")


@pytest.fixture(scope="session")
def running_sandbox(sandbox_dir: Path) -> Iterator[Running]:
    running = start_in_thread(sandbox_dir)
    yield running
    running.stop()


@pytest.fixture
def sandbox(running_sandbox: Running) -> Iterator[Running]:
    """The session's sandbox with no faults, validation on, default key grace."""
    yield running_sandbox
    running_sandbox.app.faults.update(Faults().as_dict())
    running_sandbox.app.faults.counts.clear()
    running_sandbox.app.validate = True
    running_sandbox.app.keys.grace_seconds = 86400.0
    running_sandbox.app.tokens.lifetime = TOKEN_LIFETIME_SECONDS


@pytest.fixture
def client(sandbox: Running) -> Iterator[Client]:
    c = Client(sandbox.base_url, str(sandbox.ca_file))
    yield c
    c.session.close()


def control(sandbox: Running, method: str, path: str, **kwargs: object) -> requests.Response:
    """Call a /sandbox/... control endpoint (TLS verified against the demo CA)."""
    return requests.request(method, sandbox.base_url + path, verify=str(sandbox.ca_file),
                            timeout=30, **kwargs)  # type: ignore[arg-type]
