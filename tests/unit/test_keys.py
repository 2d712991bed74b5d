"""The database key lives in the real OS keyring (Secret Service under `make test`)."""

from __future__ import annotations

import uuid

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest

from kiosk.app import Station
from kiosk.errors import KeyMissing, KeyringUnavailable
from kiosk.keys import KeyStore, check_backend, keyring_store

pytestmark = pytest.mark.keyring


def test_key_is_created_in_the_os_keyring_and_read_back(real_keyring):
    ks = KeyStore(f"test-{uuid.uuid4()}", real_keyring)
    try:
        key = ks.create_database_key()
        assert len(key) == 32
        assert KeyStore(ks.station_id, real_keyring).database_key() == key
        with pytest.raises(KeyringUnavailable):
            ks.create_database_key()  # never replaces an existing key
    finally:
        ks.delete_database_key()


def test_two_stations_get_different_keys(real_keyring):
    a, b = KeyStore(f"a-{uuid.uuid4()}", real_keyring), KeyStore(f"b-{uuid.uuid4()}", real_keyring)
    try:
        assert a.create_database_key() != b.create_database_key()
    finally:
        a.delete_database_key()
        b.delete_database_key()


def test_station_provisioned_with_real_keyring_reopens(real_keyring, data_dir):
    st = Station.provision(data_dir, keyring_backend=real_keyring)
    sid = st.identity.station_id
    st.close()
    try:
        reopened = Station.open(data_dir, keyring_backend=real_keyring)
        assert reopened.identity.station_id == sid
        reopened.close()
    finally:
        KeyStore(sid, real_keyring).delete_database_key()


def test_missing_key_names_what_to_do(real_keyring):
    with pytest.raises(KeyMissing) as err:
        KeyStore(f"absent-{uuid.uuid4()}", real_keyring).database_key()
    assert "Schlüsselsicherung" in err.value.user_message


@pytest.mark.parametrize(
    "backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()]
)
def test_no_usable_backend_is_refused_with_a_clear_message(backend, data_dir):
    with pytest.raises(KeyringUnavailable) as err:
        check_backend(backend)
    assert "Secret Service" in err.value.user_message
    with pytest.raises(KeyringUnavailable):
        Station.provision(data_dir, keyring_backend=backend)
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_plaintext_file_backends_are_refused():
    class PlaintextKeyring(keyring.backends.null.Keyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    with pytest.raises(KeyringUnavailable):
        check_backend(PlaintextKeyring())


def test_a_keyring_chosen_by_the_environment_is_respected(monkeypatch):
    chosen = keyring.backends.null.Keyring()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setattr(keyring, "get_keyring", lambda: chosen)
    assert keyring_store.default_backend() is chosen


def test_the_platform_keyring_is_named_directly(real_keyring, monkeypatch):
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    backend = keyring_store.default_backend()
    assert type(backend).__module__ == "keyring.backends.SecretService"
    assert check_backend() is not None
