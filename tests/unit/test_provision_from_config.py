"""`fvo-kiosk-admin provision --config FILE`: one command sets up a production station from
IT's signed configuration (key and store, configuration, FIT-Connect client secret in the
keyring, first counsellor) and refuses bad input or an existing station before changing
anything."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk import config_signature as cs
from kiosk.app import Station
from kiosk.cli.main import main
from kiosk.config import CONFIG_FILE, load_config
from kiosk.keys import KeyStore
from kiosk.keys.service_credentials import ServiceCredentials
from kiosk.resources import resource_path

pytestmark = pytest.mark.keyring


@pytest.fixture
def signed_config(tmp_path, monkeypatch) -> Path:
    key = Ed25519PrivateKey.generate()
    trusted = cs.parse_trust({"format": cs.KEYS_FORMAT,
                              "keys": [cs.key_entry(key.public_key(), "IT Wiesbaden")]},
                             "production")
    monkeypatch.setattr(cs, "production_keys", lambda: trusted)
    doc = json.loads(resource_path("station", "demo.json").read_bytes())
    doc["station"]["name"] = "Station Kastel"
    raw = json.dumps(doc, indent=1).encode()
    path = tmp_path / "kastel.json"
    path.write_bytes(raw)
    path.with_name("kastel.json.sig").write_bytes(cs.sign(key, raw))
    return path


def provision(data_dir: Path, config: Path, stdin: str, monkeypatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--data-dir", str(data_dir), "provision", "--config", str(config),
                 "--counsellor", "Frau Berger", "--secret-stdin"])


def test_one_command_sets_up_a_production_station(data_dir, signed_config, real_keyring,
                                                  monkeypatch, capsys):
    assert provision(data_dir, signed_config, "s3cr3t-of-the-client\n135790\n",
                     monkeypatch) == 0
    assert "Angelegt: Frau Berger" in capsys.readouterr().out
    station = Station.open(data_dir)
    try:
        assert station.identity.demo is False
        assert station.config.name == "Station Kastel"
        assert (data_dir / CONFIG_FILE).read_bytes() == signed_config.read_bytes()
        keys = KeyStore(station.identity.station_id)
        assert ServiceCredentials(keys.station_id).client_secret() == "s3cr3t-of-the-client"
        (counsellor,) = station.auth.counsellors()
        assert counsellor.name == "Frau Berger"
        assert station.auth.login(counsellor.id, "135790").ok
    finally:
        station.close()
    # The secret is in the keyring only, in no file of the data dir.
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"s3cr3t-of-the-client" not in path.read_bytes(), path


def test_it_refuses_to_run_over_an_existing_station(data_dir, signed_config, real_keyring,
                                                    monkeypatch, capsys):
    assert provision(data_dir, signed_config, "secret\n135790\n", monkeypatch) == 0
    before = {p: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert provision(data_dir, signed_config, "other\n246802\n", monkeypatch) == 1
    assert "bereits" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before


@pytest.mark.parametrize(("spoil", "stdin", "code", "said"), [
    (lambda p: p.write_bytes(p.read_bytes().replace(b"Kastel", b"Kaste1")),
     "secret\n135790\n", 1, "verändert"),
    (lambda p: p.with_name("kastel.json.sig").unlink(), "secret\n135790\n", 1,
     "nicht signiert"),
    (lambda p: None, "secret\n123\n", 2, "mindestens 6 Ziffern"),
    (lambda p: None, "\n135790\n", 2, "Client-Secret"),
])
def test_bad_input_is_refused_before_anything_is_created(data_dir, signed_config, real_keyring,
                                                         monkeypatch, capsys,
                                                         spoil, stdin, code, said):
    spoil(signed_config)
    assert provision(data_dir, signed_config, stdin, monkeypatch) == code
    assert said in capsys.readouterr().err
    assert not (data_dir / "station.json").exists()
    assert not (data_dir / CONFIG_FILE).exists()


def test_a_station_provisioned_from_config_refuses_a_later_altered_file(
        data_dir, signed_config, real_keyring, monkeypatch):
    assert provision(data_dir, signed_config, "secret\n135790\n", monkeypatch) == 0
    path = data_dir / CONFIG_FILE
    path.write_bytes(path.read_bytes().replace(b'"idle_minutes": 5', b'"idle_minutes": 60'))
    with pytest.raises(cs.ConfigSignatureInvalid):
        load_config(data_dir)


def _p12(tmp_path: Path, password: bytes) -> Path:
    """IT's seal as a PKCS#12 file (here: a throwaway certificate made for the test)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    from kiosk.keys.seal_key import make_demo_seal

    seal = make_demo_seal("test-station", "Station Kastel")
    key = serialization.load_pem_private_key(seal.key_pem, password=None)
    certificate, *issuers = x509.load_pem_x509_certificates(seal.chain_pem)
    data = pkcs12.serialize_key_and_certificates(
        b"seal", key, certificate, issuers or None,  # type: ignore[arg-type]
        serialization.BestAvailableEncryption(password))
    path = tmp_path / "seal.p12"
    path.write_bytes(data)
    return path


def test_the_seal_is_checked_and_kept_in_the_keyring(data_dir, signed_config, real_keyring,
                                                     monkeypatch, capsys, tmp_path):
    from kiosk.keys.seal_key import load_seal

    p12 = _p12(tmp_path, b"pw-of-the-seal")
    monkeypatch.setattr("sys.stdin", io.StringIO("secret\n135790\nwrong password\n"))
    args = ["--data-dir", str(data_dir), "provision", "--config", str(signed_config),
            "--counsellor", "Frau Berger", "--secret-stdin", "--seal-p12", str(p12)]
    assert main(args) == 2  # a wrong password is refused before anything is created
    assert not (data_dir / "station.json").exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("secret\n135790\npw-of-the-seal\n"))
    assert main(args) == 0
    assert "Siegelzertifikat geprüft" in capsys.readouterr().out
    station = Station.open(data_dir)
    try:
        seal = load_seal(KeyStore(station.identity.station_id))
        assert seal is not None and "Kastel" in seal.certificate.subject.rfc4514_string()
    finally:
        station.close()


def test_without_a_file_it_takes_the_configuration_the_package_installation_put_in_place(
        data_dir, signed_config, real_keyring, monkeypatch, capsys):
    # The .deb documents /etc/fvo-kiosk/station-config.json, the MSI its STATIONCONFIG path;
    # IT deploys one package everywhere and `provision --config` finds the station's file.
    monkeypatch.setattr("kiosk.cli.station_cmds.DEPLOYED_CONFIG", signed_config)
    monkeypatch.setattr("sys.stdin", io.StringIO("secret\n135790\n"))
    assert main(["--data-dir", str(data_dir), "provision", "--config",
                 "--counsellor", "Frau Berger", "--secret-stdin"]) == 0
    assert (data_dir / CONFIG_FILE).read_bytes() == signed_config.read_bytes()
