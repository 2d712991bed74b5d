"""fvo-kiosk-admin on a damaged or odd station: the documented message and exit code, never
a traceback; ``check`` and ``backup`` as IT uses them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from kiosk.cli.main import main as admin
from kiosk.keys import keyring_store
from kiosk.store import Store
from tests import households
from tests.unit.test_station_opening import PAGE, fingerprint, flip, station_key


def test_issue_repro_zero_length_database_is_not_a_new_station(
    cli, station, data_dir, household_file
):
    assert cli("case", "import", str(household_file))[0] == 0
    station.close()
    (data_dir / "kiosk.db").write_bytes(b"")
    for command in (["status"], ["audit", "verify"], ["check"], ["case", "list"]):
        code, _, err = cli(*command)
        assert code == 6, command
        assert "beschädigt" in err and "Sicherung" in err
    assert (data_dir / "kiosk.db").stat().st_size == 0


def _damage_households_page(station, data_dir) -> None:
    (root,) = station.store.read("SELECT rootpage FROM sqlite_master WHERE name = 'households'")[0]
    station.close()
    flip(data_dir / "kiosk.db", (root - 1) * PAGE + 300)


def test_flipped_byte_in_a_data_page_is_reported_by_every_reader(
    cli, station, data_dir, household_file
):
    case_id = cli("case", "import", str(household_file))[1].strip()
    _damage_households_page(station, data_dir)
    before = fingerprint(data_dir)
    for command in (
        ["status"],
        ["status", "--json"],
        ["check"],
        ["case", "show", case_id],
        ["case", "export", case_id, "-o", str(data_dir.parent / "export.json")],
    ):
        code, out, err = cli(*command)
        assert code == 6, (command, out, err)
        assert "beschädigt" in err
    assert not (data_dir.parent / "export.json").exists()
    # The case list reads only the indexed case columns, not the damaged household page:
    # it still lists the case (the page is not its to read), and `status` above said why.
    code, out, _ = cli("case", "list")
    assert code == 0 and case_id in out
    assert fingerprint(data_dir) == before
    code, out, _ = cli("check", "--json")
    doc = json.loads(out)
    assert code == 6 and doc["database_intact"] is False and doc["database_problems"]


def test_check_passes_a_healthy_station_and_names_a_broken_audit_chain(cli, station):
    code, out, _ = cli("check")
    assert code == 0 and "intakt" in out
    with station.store.transaction() as tx:
        tx.execute("UPDATE audit SET actor = 'someone' WHERE seq = 1")
    code, _, err = cli("check")
    assert code == 1 and "Audit-Kette" in err


@pytest.mark.parametrize("content", ["[]", "null", "garbage"])
def test_station_json_not_an_identity(cli, station, data_dir, content):
    station.close()
    (data_dir / "station.json").write_text(content, encoding="utf-8")
    code, _, err = cli("status")
    assert code == 6 and "station.json" in err


def test_station_json_a_directory(cli, station, data_dir):
    station.close()
    (data_dir / "station.json").unlink()
    (data_dir / "station.json").mkdir()
    code, _, err = cli("status")
    assert code == 6 and "station.json" in err


def test_provision_onto_a_file_is_invalid_usage(memory_keyring, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(keyring_store, "default_backend", lambda: memory_keyring)
    target = tmp_path / "file"
    target.write_text("x")
    assert admin(["--data-dir", str(target), "provision"]) == 2
    assert "kein Verzeichnis" in capsys.readouterr().err
    assert admin(["--data-dir", str(target / "below"), "provision"]) == 2
    assert target.read_text() == "x"


def test_enrol_without_a_terminal_asks_for_pin_stdin(data_dir, station):
    station.close()
    r = subprocess.run(
        [sys.executable, "-m", "kiosk.cli.main", "--data-dir", str(data_dir), "enrol",
         "--name", "Lena Wolf"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert r.returncode == 2 and "--pin-stdin" in r.stderr
    assert "Traceback" not in r.stderr


# --- backup ------------------------------------------------------------------------------
def test_backup_is_a_private_encrypted_copy_that_opens(cli, station, data_dir, household_file,
                                                        memory_keyring, tmp_path):  # fmt: skip
    case_id = cli("case", "import", str(household_file))[1].strip()
    out = tmp_path / "backups" / "station.bak"
    out.parent.mkdir()
    code, stdout, _ = cli("backup", "--out", str(out))
    assert code == 0 and str(out) in stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["station.bak"]  # no temp file left
    assert households.load()["applicant"]["family_name"].encode() not in out.read_bytes()
    copy = Store.open(out, station_key(memory_keyring))
    try:
        assert copy.integrity_problems() == []
        assert copy.verify_audit()[1] == []
        assert copy.cases.get_case(case_id).household == households.load()
    finally:
        copy.close()


def test_backup_refuses_targets_that_are_not_regular_files(cli, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere")
    for target, words in (
        (tmp_path / "missing" / "x.bak", "gibt es nicht"),
        (tmp_path, "Verzeichnis"),
        (fifo, "keine gewöhnliche Datei"),
        ("/dev/null", "keine gewöhnliche Datei"),
        (link, "keine gewöhnliche Datei"),
    ):
        code, _, err = cli("backup", "--out", str(target))
        assert code == 2 and words in err, (target, err)
    assert not (tmp_path / "elsewhere").exists()
