"""Fixtures of the unit tests that drive `fvo-kiosk-admin` in-process."""

from __future__ import annotations

import json

import pytest

from kiosk.cli.main import main as admin
from kiosk.keys import keyring_store
from tests import households


@pytest.fixture
def cli(station, data_dir, memory_keyring, monkeypatch, capsys):
    """``cli("case", "list")`` → (exit code, stdout, stderr) of `fvo-kiosk-admin` on the
    test station, with the station's in-memory keyring as the OS keyring."""
    monkeypatch.setattr(keyring_store, "default_backend", lambda: memory_keyring)

    def run(*args: str) -> tuple[int, str, str]:
        code = admin(["--data-dir", str(data_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture
def household_file(tmp_path):
    """The two-parents household as an import file."""
    path = tmp_path / "household.json"
    path.write_text(json.dumps(households.load(), ensure_ascii=False), encoding="utf-8")
    return path
