"""A backup taken while another process saves cases opens with the station's key, passes the
integrity checks and holds every case whose save had returned before the backup began."""

from __future__ import annotations

import threading
import time

from kiosk.cli.main import main as admin
from kiosk.keys import keyring_store
from kiosk.store import Store
from tests.reliability.children import start_child
from tests.reliability.crash_household import expected_household
from tests.unit.test_station_opening import station_key

BACKUPS = 4


def test_backup_under_concurrent_writes_holds_every_acknowledged_case(
    station, data_dir, memory_keyring, monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(keyring_store, "default_backend", lambda: memory_keyring)
    station.close()
    key = station_key(memory_keyring)
    child = start_child(["-m", "tests.reliability.crash_child", str(data_dir / "kiosk.db"),
                         "0"], key, "ready")
    assert child.stdin and child.stdout
    acked: dict[str, int] = {}
    lock = threading.Lock()

    def collect() -> None:
        assert child.stdout
        for line in child.stdout:
            parts = line.split()
            if not line.endswith("\n") or len(parts) != 2:
                continue  # cut off by the kill at the end: never acknowledged in full
            case_id, index = parts
            with lock:
                acked[case_id] = int(index)

    reader = threading.Thread(target=collect, daemon=True)
    reader.start()
    try:
        for n in range(BACKUPS):
            time.sleep(0.3)
            with lock:
                before = dict(acked)
            out = tmp_path / f"backup-{n}.db"
            assert admin(["--data-dir", str(data_dir), "backup", "--out", str(out)]) == 0
            copy = Store.open(out, key)
            try:
                assert copy.integrity_problems() == []
                assert copy.verify_audit()[1] == []
                for case_id, index in before.items():
                    assert copy.cases.get_case(case_id).household == expected_household(index)
            finally:
                copy.close()
            assert len(before) > n * 5, "the writer was not really writing"
    finally:
        child.kill()
        child.wait()
        reader.join(5)
        child.stdin.close()
        child.stdout.close()
    capsys.readouterr()
