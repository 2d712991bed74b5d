"""A store we cannot open is reported and left byte-identical; nothing is ever re-created."""

from __future__ import annotations

import hashlib
import json

import pytest

from kiosk.app import Station
from kiosk.errors import AlreadyProvisioned, KeyMissing, NotProvisioned, StoreCorrupt, StoreLocked
from kiosk.keys.keyring_store import SERVICE


def _fingerprint(d):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir())}


@pytest.fixture
def closed_station(station, data_dir, memory_keyring):
    case_id = station.store.cases.create_case("counsellor:1", {"applicant": {"family_name": "X"}})
    station.close()
    return data_dir, memory_keyring, case_id


def test_missing_key_gives_documented_error_and_leaves_files(closed_station):
    data_dir, kr, _ = closed_station
    before = _fingerprint(data_dir)
    kr.secrets.clear()
    with pytest.raises(KeyMissing) as err:
        Station.open(data_dir, keyring_backend=kr)
    assert "nicht verändert" in err.value.user_message
    assert _fingerprint(data_dir) == before


def test_wrong_key_gives_documented_error_and_leaves_files(closed_station):
    data_dir, kr, _ = closed_station
    before = _fingerprint(data_dir)
    ((service, user),) = [k for k in kr.secrets if k[0] == SERVICE and "database" in k[1]]
    kr.secrets[(service, user)] = "11" * 32
    with pytest.raises(StoreLocked) as err:
        Station.open(data_dir, keyring_backend=kr)
    assert "nicht verändert" in err.value.user_message
    assert _fingerprint(data_dir) == before


def test_open_or_provision_never_recreates_a_locked_store(closed_station):
    data_dir, kr, _ = closed_station
    before = _fingerprint(data_dir)
    kr.secrets.clear()
    with pytest.raises(KeyMissing):
        Station.open_or_provision_demo(data_dir, keyring_backend=kr)
    with pytest.raises(AlreadyProvisioned):
        Station.provision(data_dir, keyring_backend=kr)
    assert _fingerprint(data_dir) == before


def test_database_without_identity_file_is_not_replaced(closed_station):
    data_dir, kr, _ = closed_station
    (data_dir / "station.json").unlink()
    before = _fingerprint(data_dir)
    with pytest.raises(StoreCorrupt):
        Station.open_or_provision_demo(data_dir, keyring_backend=kr)
    assert _fingerprint(data_dir) == before


def test_corrupt_identity_file_is_reported(closed_station):
    data_dir, kr, _ = closed_station
    (data_dir / "station.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreCorrupt) as err:
        Station.open(data_dir, keyring_backend=kr)
    assert "station.json" in err.value.user_message


def test_empty_dir_is_not_provisioned(data_dir, memory_keyring):
    with pytest.raises(NotProvisioned):
        Station.open(data_dir, keyring_backend=memory_keyring)


def test_reopen_with_right_key_keeps_the_case(closed_station):
    data_dir, kr, case_id = closed_station
    st = Station.open(data_dir, keyring_backend=kr)
    assert st.store.cases.get_case(case_id).household == {"applicant": {"family_name": "X"}}
    assert json.loads((data_dir / "station.json").read_text())["demo"] is True
    st.close()
