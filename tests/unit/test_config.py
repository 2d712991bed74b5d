"""The station configuration: read from the data dir (or the packaged demo one), checked
against its schema, and every problem named."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kiosk.config import CONFIG_FILE, ConfigInvalid, load_config, parse_config
from kiosk.resources import resource_path


def demo_doc() -> dict:
    return json.loads(resource_path("station", "demo.json").read_text(encoding="utf-8"))


def test_a_station_without_its_own_file_uses_the_demo_configuration(tmp_path):
    config = load_config(tmp_path)
    assert config.source == "demo"
    assert config.languages == ("de", "en", "tr", "ar", "uk", "ru")
    assert config.office("familienkasse").destination_id.endswith("0101")
    assert config.next_station_day(date(2026, 12, 20)) == date(2027, 1, 19)


def test_every_office_a_form_sends_to_is_configured(station):
    offices = {form.office for form in station.forms.all_forms()}
    assert offices <= set(station.config.offices)
    assert set(station.config.leika) == {form.id for form in station.forms.all_forms()}


def test_the_station_reads_its_own_file(tmp_path, monkeypatch):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk import config_signature as cs

    key = Ed25519PrivateKey.generate()  # IT's key, trusted by this test's package
    trusted = cs.parse_trust({"format": cs.KEYS_FORMAT,
                              "keys": [cs.key_entry(key.public_key(), "IT")]}, "production")
    monkeypatch.setattr(cs, "production_keys", lambda: trusted)
    doc = demo_doc()
    doc["idle_minutes"] = 7
    raw = json.dumps(doc).encode("utf-8")
    (tmp_path / CONFIG_FILE).write_bytes(raw)
    (tmp_path / (CONFIG_FILE + ".sig")).write_bytes(cs.sign(key, raw))
    config = load_config(tmp_path)
    assert config.idle_minutes == 7 and config.source == CONFIG_FILE


@pytest.mark.parametrize(("change", "named"), [
    (lambda d: d.pop("offices"), "offices"),
    (lambda d: d.update(idle_minutes="5"), "$.idle_minutes"),
    (lambda d: d["offices"]["jobcenter"].update(destination_id="x"), "destination_id"),
    (lambda d: d.update(languages=["en"]), "$.languages"),
    (lambda d: d["offices"]["jobcenter"]["online_services"][0].update(url="http://x"), "url"),
    (lambda d: d.update(station_days=["2027-02-30"]), "station_days"),
])
def test_a_broken_configuration_is_refused_with_the_place_named(change, named):
    doc = demo_doc()
    change(doc)
    with pytest.raises(ConfigInvalid) as err:
        parse_config(json.dumps(doc).encode(), "test")
    assert named in str(err.value) and "Stationskonfiguration" in err.value.user_message


def test_garbage_is_refused_not_crashed_on(tmp_path):
    for raw in (b"", b"\xff\xfe", b"[]", b"null", b"{" * 100_000):
        with pytest.raises(ConfigInvalid):
            parse_config(raw, "test")
