"""Suite-wide settings: Qt offscreen, a throwaway data dir per test, markers.

GUI tests run with QT_QPA_PLATFORM=offscreen (set here, before anything imports Qt).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("FVO_KIOSK_DATA_DIR", None)

from pathlib import Path  # noqa: E402

import keyring.backend  # noqa: E402
import keyring.errors  # noqa: E402
import pytest  # noqa: E402
from keyring.compat import properties  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Like qutebrowser: every test that uses a QApplication is marked `gui`.
    for item in items:
        if {"qapp", "qtbot"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty station data directory."""
    d = tmp_path / "station"
    return d


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Secrets in a dict, for tests that are not about the keyring itself; used only where
    passed explicitly as ``keyring_backend=``. Its priority raises, so keyring's automatic
    choice never picks it. The key tests (marker ``keyring``) use the real Secret Service
    that `make test` starts."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - a class property
        raise RuntimeError("MemoryKeyring is only used when passed explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture
def memory_keyring():
    return MemoryKeyring()


@pytest.fixture
def station(data_dir: Path, memory_keyring):
    """A provisioned demo station in a temp dir (in-memory keyring)."""
    from kiosk.app import Station

    st = Station.provision(data_dir, demo=True, keyring_backend=memory_keyring)
    yield st
    st.close()


@pytest.fixture
def real_keyring():
    """The OS keyring (Secret Service under `make test`); fails in CI if it is not there."""
    import keyring

    from kiosk.errors import KeyringUnavailable
    from kiosk.keys import check_backend

    try:
        backend = check_backend(keyring.get_keyring())
    except KeyringUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide a real keyring: {exc}")
        pytest.skip(f"no OS keyring service here (run via `make test`): {exc}")
    return backend


@pytest.fixture(autouse=True)
def _test_it_key_trusted(monkeypatch):
    """In-process tests trust the test configuration key (tests/config_trust.py) as the
    city's; the packaged production trust list is empty in a development build."""
    from kiosk import config_signature as cs
    from tests.config_trust import TEST_KEY

    trusted = {**cs.production_keys(), **cs.parse_trust(
        {"format": cs.KEYS_FORMAT, "keys": [cs.key_entry(TEST_KEY.public_key(), "test IT")]},
        "production")}
    monkeypatch.setattr(cs, "production_keys", lambda: trusted)
