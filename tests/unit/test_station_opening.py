"""Every way a station can fail to open has its own error, message and exit code, and
leaves every file byte-identical; an empty or truncated database is never re-initialised."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import keyring.backends.fail
import pytest

from kiosk.app import Station
from kiosk.errors import (
    KeyMissing,
    KeyringUnavailable,
    KioskError,
    StoreDamaged,
    StoreLocked,
    StoreUnreadable,
    WalMissing,
)
from kiosk.keys.keyring_store import SERVICE
from kiosk.station_dir import StationDir
from tests.reliability.children import start_child

REPO = Path(__file__).resolve().parents[2]
PAGE = 4096


def fingerprint(d: Path) -> dict[str, str]:
    """Name -> SHA-256 of every file in the data dir (directories by their listing)."""
    out = {}
    for p in sorted(d.iterdir()):
        if p.is_file():
            out[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            out[p.name] = "dir:" + ",".join(sorted(x.name for x in p.iterdir()))
    return out


def flip(path: Path, offset: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        b = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([b[0] ^ 0x5A]))


def household(i: int) -> dict:
    return {"applicant": {"family_name": f"Musterfrau {i}", "notes": "x" * 600}}


@pytest.fixture
def closed(data_dir, memory_keyring):
    st = Station.provision(data_dir, demo=True, keyring_backend=memory_keyring)
    for i in range(12):
        st.store.cases.create_case("counsellor:1", household(i))
    st.close()
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("kiosk.db")) == [
        "kiosk.db"
    ]
    return data_dir, memory_keyring


def open_fails(data_dir, kr, expected: type[KioskError]) -> KioskError:
    before = fingerprint(data_dir)
    with pytest.raises(expected) as err:
        Station.open(data_dir, keyring_backend=kr)
    assert type(err.value) is expected
    assert fingerprint(data_dir) == before, "opening changed a file"
    return err.value


def kill_while_open(db: Path, key: bytes) -> None:
    """A child process saves cases and is SIGKILLed while the store is open."""
    code = textwrap.dedent(
        """
        import sys, time
        from kiosk.store import Store
        s = Store.open(sys.argv[1], bytes.fromhex(sys.stdin.readline().strip()))
        for i in range(5):
            s.cases.create_case("counsellor:1", {"applicant": {"family_name": f"K{i}"}})
        print("saved", flush=True)
        time.sleep(60)
        """
    )
    child = start_child(["-c", code, str(db)], key, "saved")
    assert child.stdin and child.stdout
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdin.close()
    child.stdout.close()


def drop_key_check(data_dir: Path) -> None:
    """station.json as stations provisioned before the key fingerprint existed wrote it."""
    ident = data_dir / "station.json"
    doc = json.loads(ident.read_text())
    del doc["key_check"]
    ident.write_text(json.dumps(doc))


def station_key(kr) -> bytes:
    ((_, value),) = [(k, v) for k, v in kr.secrets.items()
                     if k[0] == SERVICE and k[1].endswith(":database-key")]
    return bytes.fromhex(value)


# --- one error per kind -------------------------------------------------------------------
def test_zero_length_database_is_damaged_and_never_reinitialised(closed):
    data_dir, kr = closed
    (data_dir / "kiosk.db").write_bytes(b"")
    err = open_fails(data_dir, kr, StoreDamaged)
    assert "beschädigt" in err.user_message and "Sicherung" in err.user_message
    assert "leer" in err.user_message
    assert (data_dir / "kiosk.db").stat().st_size == 0


def test_truncated_database_is_damaged(closed):
    data_dir, kr = closed
    db = data_dir / "kiosk.db"
    size = db.stat().st_size
    assert size >= 6 * PAGE
    os.truncate(db, size // 2)
    assert "unvollständig" in open_fails(data_dir, kr, StoreDamaged).user_message
    os.truncate(db, 3 * PAGE + 100)  # not even on a page boundary
    open_fails(data_dir, kr, StoreDamaged)
    assert db.stat().st_size == 3 * PAGE + 100


def test_flipped_byte_in_first_page_is_damage_not_a_wrong_key(closed):
    data_dir, kr = closed
    flip(data_dir / "kiosk.db", 200)
    err = open_fails(data_dir, kr, StoreDamaged)
    assert "page 1" in str(err)  # what cipher_integrity_check said, in the log text
    assert "erste Seite" in err.user_message


def test_first_page_damage_is_told_from_a_wrong_key_without_the_fingerprint(closed):
    """Stations provisioned before station.json held the key fingerprint."""
    data_dir, kr = closed
    drop_key_check(data_dir)
    flip(data_dir / "kiosk.db", 200)
    err = open_fails(data_dir, kr, StoreDamaged)
    assert "first page" in str(err)


def test_wrong_key_is_its_own_error(closed):
    data_dir, kr = closed
    ((service, user),) = [k for k in kr.secrets
                          if k[0] == SERVICE and k[1].endswith(":database-key")]
    kr.secrets[(service, user)] = "11" * 32
    err = open_fails(data_dir, kr, StoreLocked)
    assert "Schlüssel" in err.user_message
    # Without the fingerprint too, a wrong key is not mistaken for damage.
    drop_key_check(data_dir)
    open_fails(data_dir, kr, StoreLocked)


def test_missing_key_and_missing_keyring_are_their_own_errors(closed):
    data_dir, kr = closed
    open_fails(data_dir, keyring.backends.fail.Keyring(), KeyringUnavailable)
    kr.secrets.clear()
    open_fails(data_dir, kr, KeyMissing)


def test_missing_database_file_is_damage(closed):
    data_dir, kr = closed
    (data_dir / "kiosk.db").unlink()
    open_fails(data_dir, kr, StoreDamaged)
    assert not (data_dir / "kiosk.db").exists()


def test_database_that_is_a_directory_is_unreadable(closed):
    data_dir, kr = closed
    (data_dir / "kiosk.db").unlink()
    (data_dir / "kiosk.db").mkdir()
    open_fails(data_dir, kr, StoreUnreadable)


def test_database_without_schema_is_refused_not_migrated(closed, tmp_path):
    """A valid SQLCipher file with the right key but no station schema is not this station."""
    data_dir, kr = closed
    import sqlcipher3

    db = data_dir / "kiosk.db"
    db.unlink()
    conn = sqlcipher3.connect(str(db))
    conn.execute(f"PRAGMA key = \"x'{station_key(kr).hex()}'\"")
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()
    assert "kein Schema" in open_fails(data_dir, kr, StoreDamaged).user_message


def test_wal_deleted_after_unclean_stop_is_detected(closed):
    data_dir, kr = closed
    kill_while_open(data_dir / "kiosk.db", station_key(kr))
    assert (data_dir / "kiosk.db-wal").exists() and (data_dir / "kiosk.db-shm").exists()
    (data_dir / "kiosk.db-wal").unlink()
    err = open_fails(data_dir, kr, WalMissing)
    assert "kiosk.db-wal" in err.user_message
    # Also when the SHM went with it: the dead process's open marker tells.
    (data_dir / "kiosk.db-shm").unlink()
    open_fails(data_dir, kr, WalMissing)


def test_unclean_stop_with_wal_present_opens_with_every_case(closed):
    data_dir, kr = closed
    kill_while_open(data_dir / "kiosk.db", station_key(kr))
    st = Station.open(data_dir, keyring_backend=kr)
    try:
        assert st.store.cases.count_by_state() == {"draft": 17}
        assert st.store.integrity_problems() == []
    finally:
        st.close()
    # Closed cleanly now: no WAL, no markers, and the next open is clean too.
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("kiosk.db")) == [
        "kiosk.db"
    ]
    Station.open(data_dir, keyring_backend=kr).close()


def test_read_only_data_dir_is_unreadable_not_a_wrong_key(closed):
    data_dir, kr = closed
    key = station_key(kr)
    if os.geteuid() != 0:
        data_dir.chmod(0o500)
        try:
            open_fails(data_dir, kr, StoreUnreadable)
        finally:
            data_dir.chmod(0o700)
        return
    # root ignores permissions: run the opening as 'nobody' on a copy it owns.
    base = Path(tempfile.mkdtemp())
    try:
        base.chmod(0o755)
        sdir = base / "station"
        subprocess.run(["cp", "-a", str(data_dir), str(sdir)], check=True)
        subprocess.run(["chown", "-R", "65534:65534", str(sdir)], check=True)
        sdir.chmod(0o500)
        before = fingerprint(sdir)
        code = (
            "import sys\nfrom kiosk.store import Store\ntry:\n"
            "    Store.open(sys.argv[1], bytes.fromhex(sys.argv[2]))\n"
            "except Exception as e:\n    print(type(e).__name__)\n"
        )
        r = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
             "-c", code, str(sdir / "kiosk.db"), key.hex()],
            capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
            timeout=60, check=False,
        )  # fmt: skip
        assert r.stdout.strip() == "StoreUnreadable", r.stderr
        assert fingerprint(sdir) == before
    finally:
        subprocess.run(["rm", "-rf", str(base)], check=True)


def test_each_kind_has_its_own_message_and_exit_code():
    from kiosk.keys.keyring_store import _NO_KEYRING_DE
    from kiosk.store.connection import _LOCKED_DE, damaged, unreadable
    from kiosk.store.open_markers import _WAL_MISSING_DE

    kinds = {
        KeyringUnavailable: _NO_KEYRING_DE,
        KeyMissing: "Der Schlüssel der Datenbank fehlt",
        StoreLocked: _LOCKED_DE,
        StoreDamaged: damaged(Path("x"), "t").user_message,
        StoreUnreadable: unreadable(Path("x"), "t").user_message,
        WalMissing: _WAL_MISSING_DE,
    }
    assert len(set(kinds.values())) == len(kinds)
    codes = [k.exit_code for k in kinds]
    assert len(set(codes)) == len(codes) and not {0, 1, 2} & set(codes)


# --- permissions, station.json ------------------------------------------------------------
def test_open_tightens_the_data_dir_and_its_files(closed, caplog):
    data_dir, kr = closed
    data_dir.chmod(0o777)
    (data_dir / "kiosk.db").chmod(0o644)
    (data_dir / "station.json").chmod(0o666)
    with caplog.at_level("WARNING"):
        Station.open(data_dir, keyring_backend=kr).close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for p in data_dir.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    assert "tightened" in caplog.text


@pytest.mark.parametrize("content", ["[]", "null", "42", '"text"', "{not json", "\xff\xfe"])
def test_station_json_that_is_not_an_identity_is_damage(closed, content):
    data_dir, kr = closed
    (data_dir / "station.json").write_bytes(content.encode("latin-1"))
    err = open_fails(data_dir, kr, StoreDamaged)
    assert "station.json" in err.user_message


def test_station_json_that_is_a_directory_is_damage(closed):
    data_dir, kr = closed
    (data_dir / "station.json").unlink()
    (data_dir / "station.json").mkdir()
    open_fails(data_dir, kr, StoreDamaged)


def test_provision_refuses_an_existing_data_dir_path_that_is_a_file(tmp_path, memory_keyring):
    target = tmp_path / "afile"
    target.write_bytes(b"keep me")
    from kiosk.errors import InvalidInput

    with pytest.raises(InvalidInput) as err:
        Station.provision(target, keyring_backend=memory_keyring)
    assert err.value.exit_code == 2
    assert target.read_bytes() == b"keep me"
    assert memory_keyring.secrets == {}


def test_failed_provision_takes_back_only_its_own_files(data_dir, memory_keyring, monkeypatch):
    from kiosk.store import Store

    def broken(path, key):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "create", broken)
    with pytest.raises(OSError):
        Station.provision(data_dir, keyring_backend=memory_keyring)
    assert [p.name for p in data_dir.iterdir()] == ["provision.lock"]
    assert memory_keyring.secrets == {}
    assert StationDir(data_dir).is_provisioned() is False


def test_provision_into_an_existing_world_writable_dir_tightens_it(data_dir, memory_keyring):
    data_dir.mkdir(mode=0o777)
    data_dir.chmod(0o777)
    Station.provision(data_dir, keyring_backend=memory_keyring).close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for p in data_dir.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name


@pytest.mark.parametrize("ending", ["exit", "drop"])
def test_a_process_that_ends_without_close_is_not_taken_for_a_lost_wal(closed, ending):
    """Python closes a forgotten connection itself (checkpoint, WAL deleted): that is a clean
    stop, and the next open must not report a missing WAL."""
    data_dir, kr = closed
    code = textwrap.dedent(
        """
        import gc, sys
        from kiosk.store import Store
        s = Store.open(sys.argv[1], bytes.fromhex(sys.argv[2]))
        s.cases.create_case("counsellor:1", {"applicant": {"family_name": "K"}})
        if sys.argv[3] == "drop":
            del s
            gc.collect()
        """
    )
    subprocess.run(
        [sys.executable, "-c", code, str(data_dir / "kiosk.db"), station_key(kr).hex(), ending],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True, timeout=60,
    )  # fmt: skip
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("kiosk.db")) == [
        "kiosk.db"
    ]
    st = Station.open(data_dir, keyring_backend=kr)
    assert st.store.cases.count_by_state() == {"draft": 13}
    st.close()
