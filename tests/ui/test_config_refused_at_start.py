"""The kiosk does not start on a configuration it must not trust: the error names why."""

from __future__ import annotations

from kiosk.app import Station
from kiosk.config import CONFIG_FILE
from ui import main as ui_main


def test_an_unsigned_configuration_stops_the_start_with_its_reason(qtbot, tmp_path,
                                                                   memory_keyring):
    data = tmp_path / "station"
    Station.provision(data, demo=True, keyring_backend=memory_keyring).close()
    (data / CONFIG_FILE).write_bytes(b'{"format": "fvo-kiosk-station-config/1"}')
    shown: list[str] = []
    window = ui_main.start(["--data-dir", str(data)], keyring_backend=memory_keyring,
                           on_error=shown.append)
    assert window is None
    assert "nicht signiert" in shown[0] and "Stationskonfiguration" in shown[0]


def test_a_production_station_without_configuration_does_not_start_on_the_demo_one(
        qtbot, tmp_path, memory_keyring):
    data = tmp_path / "station"
    Station.provision(data, keyring_backend=memory_keyring).close()
    shown: list[str] = []
    window = ui_main.start(["--data-dir", str(data)], keyring_backend=memory_keyring,
                           on_error=shown.append)
    assert window is None
    assert "Demo-Konfiguration gilt nur für Demo-Stationen" in shown[0]
