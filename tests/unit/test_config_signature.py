"""IT's signature over the station configuration: a signed file is accepted; one changed
character, a wrong key, no signature or the demo key on a production file is refused with a
message naming the problem; the packaged demo configuration works on demo stations only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from kiosk import config_signature as cs
from kiosk.app import Station
from kiosk.cli.main import main
from kiosk.config import CONFIG_FILE, load_config
from kiosk.resources import resource_path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "trust"
DEMO_KEY_FILE = FIXTURES / "DEMO-ONLY-config-signing-key.pem"


def demo_bytes() -> bytes:
    return resource_path("station", "demo.json").read_bytes()


def city_config(idle: int = 7) -> bytes:
    doc = json.loads(demo_bytes())
    doc["station"]["name"] = "Station Biebrich"
    doc["idle_minutes"] = idle
    return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def city_key(monkeypatch) -> Ed25519PrivateKey:
    """A production key of "the city", trusted by this test's package."""
    key = Ed25519PrivateKey.generate()
    trusted = cs.parse_trust({"format": cs.KEYS_FORMAT,
                              "keys": [cs.key_entry(key.public_key(), "IT Wiesbaden")]},
                             "production")
    monkeypatch.setattr(cs, "production_keys", lambda: trusted)
    return key


def put(folder: Path, raw: bytes, sig: bytes | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_FILE
    path.write_bytes(raw)
    if sig is not None:
        (folder / (CONFIG_FILE + ".sig")).write_bytes(sig)
    return path


def refused(folder: Path) -> str:
    with pytest.raises(cs.ConfigSignatureInvalid) as err:
        load_config(folder)
    assert "Stationskonfiguration" in err.value.user_message
    return err.value.user_message


def test_a_file_signed_by_the_city_is_accepted(tmp_path, city_key):
    raw = city_config()
    put(tmp_path, raw, cs.sign(city_key, raw))
    config = load_config(tmp_path)
    assert (config.name, config.idle_minutes, config.source) == (
        "Station Biebrich", 7, CONFIG_FILE)


def test_one_changed_character_is_refused(tmp_path, city_key):
    raw = city_config(idle=7)
    put(tmp_path, raw.replace(b'"idle_minutes": 7', b'"idle_minutes": 9'),
        cs.sign(city_key, raw))
    assert "verändert" in refused(tmp_path)


def test_reformatting_without_a_change_of_meaning_is_refused_too(tmp_path, city_key):
    raw = city_config()
    put(tmp_path, json.dumps(json.loads(raw)).encode(), cs.sign(city_key, raw))
    assert "verändert" in refused(tmp_path)


def test_a_wrong_key_is_refused_and_named(tmp_path, city_key):
    raw = city_config()
    stranger = Ed25519PrivateKey.generate()
    put(tmp_path, raw, cs.sign(stranger, raw))
    message = refused(tmp_path)
    assert "nicht vertraut" in message and cs.key_id(stranger.public_key())[:16] in message


def test_no_signature_is_refused(tmp_path, city_key):
    put(tmp_path, city_config(), None)
    assert "nicht signiert" in refused(tmp_path)


def test_a_damaged_signature_file_is_refused(tmp_path, city_key):
    put(tmp_path, city_config(), b"{not json")
    assert "Signaturdatei ist beschädigt" in refused(tmp_path)


def test_a_demo_signed_file_in_the_data_dir_is_refused_even_on_a_demo_station(
        station, city_key):
    demo_key = load_pem_private_key(DEMO_KEY_FILE.read_bytes(), None)
    assert isinstance(demo_key, Ed25519PrivateKey)
    raw = city_config()
    put(station.dir.path, raw, cs.sign(demo_key, raw))
    assert "Demo-Schlüssel" in refused(station.dir.path)


def test_the_packaged_demo_configuration_carries_a_valid_demo_signature():
    sig = cs.read_signature(resource_path("station", "demo.json"))
    key = cs.verify(demo_bytes(), sig, cs.demo_keys(), "demo.json")
    assert key.use == "demo", (
        "re-sign after changing demo.json: fvo-kiosk-admin config sign "
        "tests/fixtures/trust/DEMO-ONLY-config-signing-key.pem resources/station/demo.json")


def test_the_demo_key_is_not_a_production_key():
    assert not set(cs.demo_keys()) & set(cs.production_keys())
    assert all(k.use == "production" for k in cs.production_keys().values())


def test_a_demo_station_uses_the_packaged_demo_configuration(station):
    assert station.config.source == "demo"


def test_a_production_station_never_falls_back_to_the_demo_configuration(
        data_dir, memory_keyring):
    st = Station.provision(data_dir, demo=False, keyring_backend=memory_keyring)
    try:
        with pytest.raises(cs.ConfigSignatureInvalid) as err:
            _ = st.config
        assert "config install" in err.value.user_message
    finally:
        st.close()


def test_key_rotation_a_file_signed_by_old_and_new_key_passes_either_trust_list(
        tmp_path, monkeypatch):
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    raw = city_config()
    put(tmp_path, raw, cs.sign(new, raw, previous=cs.sign(old, raw)))
    for key in (old, new):
        trusted = cs.parse_trust({"format": cs.KEYS_FORMAT,
                                  "keys": [cs.key_entry(key.public_key(), "k")]}, "production")
        monkeypatch.setattr(cs, "production_keys", lambda t=trusted: t)
        assert load_config(tmp_path).name == "Station Biebrich"


# --- the admin commands -------------------------------------------------------------------

def _key_file(tmp_path: Path) -> Path:
    path = tmp_path / "it-key.pem"
    assert main(["config", "keygen", "--out", str(path), "--no-passphrase"]) == 0
    return path


def test_keygen_sign_verify_round_trip_on_the_command_line(tmp_path, monkeypatch, capsys):
    key_path = _key_file(tmp_path)
    entry = json.loads(capsys.readouterr().out.split("config-keys.json:\n", 1)[1])
    assert oct(key_path.stat().st_mode & 0o777) == "0o600"
    trusted = cs.parse_trust({"format": cs.KEYS_FORMAT, "keys": [entry]}, "production")
    monkeypatch.setattr(cs, "production_keys", lambda: trusted)

    conf = tmp_path / "biebrich.json"
    conf.write_bytes(city_config())
    assert main(["config", "sign", str(key_path), str(conf)]) == 0
    assert main(["config", "verify", str(conf)]) == 0
    assert "Signatur gültig" in capsys.readouterr().out

    conf.write_bytes(conf.read_bytes().replace(b"Biebrich", b"Biebrieh"))
    assert main(["config", "verify", str(conf)]) == 1
    assert "verändert" in capsys.readouterr().err


def test_sign_refuses_a_configuration_the_kiosk_would_refuse(tmp_path, capsys):
    key_path = _key_file(tmp_path)
    conf = tmp_path / "broken.json"
    conf.write_bytes(city_config().replace(b'"idle_minutes": 7', b'"idle_minutes": 0'))
    assert main(["config", "sign", str(key_path), str(conf)]) == 1
    assert "idle_minutes" in capsys.readouterr().err
    assert not conf.with_name("broken.json.sig").exists()


def test_install_puts_only_a_verified_file_into_the_station(
        tmp_path, station, city_key, capsys):
    conf = tmp_path / "biebrich.json"
    raw = city_config()
    conf.write_bytes(raw)
    conf.with_name("biebrich.json.sig").write_bytes(cs.sign(Ed25519PrivateKey.generate(), raw))
    args = ["--data-dir", str(station.dir.path), "config", "install", str(conf)]
    assert main(args) == 1
    assert not (station.dir.path / CONFIG_FILE).exists()

    conf.with_name("biebrich.json.sig").write_bytes(cs.sign(city_key, raw))
    assert main(args) == 0
    assert load_config(station.dir.path).name == "Station Biebrich"
    assert oct((station.dir.path / CONFIG_FILE).stat().st_mode & 0o777) == "0o600"


def test_an_encrypted_signing_key_needs_its_passphrase(tmp_path, monkeypatch, capsys):
    import io

    key_path = tmp_path / "it-key.pem"
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["config", "keygen", "--out", str(key_path)]) == 0
    assert b"ENCRYPTED" in key_path.read_bytes()
    conf = tmp_path / "c.json"
    conf.write_bytes(city_config())
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong horse battery\n"))
    assert main(["config", "sign", str(key_path), str(conf), "--passphrase-stdin"]) == 2
    assert "Passphrase ist falsch" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["config", "sign", str(key_path), str(conf), "--passphrase-stdin"]) == 0
    assert cs.read_signature(conf) is not None
