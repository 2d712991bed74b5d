"""Nothing readable on disk: canary names and IBAN never appear in any file we leave behind."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

from tests import households

CANARY = "ZQXCANARY7"


def _files_containing(folder: Path, needles: list[bytes]) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if any(n in data for n in needles):
                hits.append(str(path))
    return hits


def _temp_files() -> set[Path]:
    """Every file under the system temp dir now. Other processes (pip, other test runs) add
    and remove files there while we walk: what vanishes meanwhile is simply not listed."""
    found: set[Path] = set()
    for folder, _dirs, files in os.walk(tempfile.gettempdir(), onerror=lambda _err: None):
        found.update(Path(folder, name) for name in files)
    return found


def _holds_any(path: Path, needles: list[bytes]) -> bool:
    try:
        data = path.read_bytes()
    except OSError:  # removed meanwhile (another process's temp file), or not readable
        return False
    return any(n in data for n in needles)


def test_no_canary_in_database_wal_shm_or_temp(station, data_dir):
    hh = households.with_canaries(households.load(), CANARY)
    needles = [CANARY.encode("utf-8"), CANARY.encode("utf-16-le"), CANARY.encode("utf-16-be")]
    temp_before = _temp_files()
    for _ in range(5):
        case_id = station.store.cases.create_case("counsellor:1", hh)
        station.store.cases.save_household(case_id, hh, "counsellor:1")
        station.store.claims.add_claim(case_id, "kindergeld", "1", None, "counsellor:1")
    # While open: database, WAL and SHM all exist and hold the freshest pages.
    names = {p.name for p in data_dir.iterdir()}
    assert {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"} <= names
    assert _files_containing(data_dir, needles) == []
    assert station.store.cases.list_cases(search=CANARY)  # the data is really there
    new_temp = _temp_files() - temp_before
    assert [p for p in new_temp if _holds_any(p, needles)] == []
    station.close()
    assert _files_containing(data_dir, needles) == []


def test_stdlib_sqlite_cannot_read_the_database(station, data_dir):
    station.store.cases.create_case("counsellor:1", households.load())
    station.close()
    conn = sqlite3.connect(data_dir / "kiosk.db")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_files_are_private_to_the_kiosk_user(station, data_dir):
    station.store.cases.create_case("counsellor:1", {})
    assert (data_dir.stat().st_mode & 0o077) == 0
    for name in ("station.json", "kiosk.db", "kiosk.db-wal", "kiosk.db-shm"):
        assert (data_dir / name).stat().st_mode & 0o077 == 0, name
