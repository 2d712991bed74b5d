"""The audit trail is a hash chain: a changed, removed or swapped record is named."""

from __future__ import annotations

import json

import pytest

from kiosk.cli.main import main as admin
from kiosk.keys import keyring_store
from kiosk.store import audit


@pytest.fixture
def busy_station(station):
    case_id = station.store.cases.create_case("counsellor:1", {"applicant": {}})
    for i in range(4):
        station.store.cases.save_household(case_id, {"applicant": {"n": i}}, "counsellor:1")
    claim = station.store.claims.add_claim(case_id, "kindergeld", "1", None, "counsellor:1")
    station.store.claims.save_answers(claim, {"x": 1}, "counsellor:1")
    return station


def _conn(station):
    return station.store._conn  # the test plays the attacker with direct SQL


def test_untouched_chain_verifies(busy_station):
    checked, problems = busy_station.store.verify_audit()
    # provisioned, enrolled, case created, 4 household saves, claim added, answers saved
    assert checked == 9 and problems == []


def test_every_change_is_audited_in_its_own_transaction(busy_station):
    rows = _conn(busy_station).execute("SELECT event FROM audit ORDER BY seq").fetchall()
    events = [r[0] for r in rows]
    assert events.count("household.saved") == 4
    assert "claim.added:kindergeld" in events and "claim.answers_saved" in events


def test_audit_holds_no_personal_data(station):
    case_id = station.store.cases.create_case("counsellor:1", {})
    station.store.cases.save_household(
        case_id,
        {"applicant": {"family_name": "Yılmaz", "iban": "DE89370400440532013000"}},
        "counsellor:1",
    )
    dump = json.dumps(_conn(station).execute("SELECT * FROM audit").fetchall())
    assert "Yılmaz" not in dump and "DE89" not in dump


def test_changed_record_is_named(busy_station):
    _conn(busy_station).execute("UPDATE audit SET actor = 'counsellor:99' WHERE seq = 5")
    _, problems = busy_station.store.verify_audit()
    assert [(p.seq, p.kind) for p in problems] == [(5, "changed")]


def test_changed_record_with_recomputed_hash_is_named(busy_station):
    conn = _conn(busy_station)
    seq, prev, at, _actor, event, case_id, _h = conn.execute(
        "SELECT * FROM audit WHERE seq = 4"
    ).fetchone()
    forged = audit.record_hash(seq, prev, at, "counsellor:99", event, case_id)
    conn.execute("UPDATE audit SET actor = 'counsellor:99', hash = ? WHERE seq = 4", (forged,))
    _, problems = busy_station.store.verify_audit()
    assert [(p.seq, p.kind) for p in problems] == [(4, "changed")]


def test_removed_record_is_named(busy_station):
    _conn(busy_station).execute("DELETE FROM audit WHERE seq = 3")
    _, problems = busy_station.store.verify_audit()
    assert [(p.seq, p.kind) for p in problems] == [(3, "missing")]


def test_removed_last_record_is_named(busy_station):
    conn = _conn(busy_station)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE seq = ?", (last,))
    _, problems = busy_station.store.verify_audit()
    assert [(p.seq, p.kind) for p in problems] == [(last, "missing")]


def test_swapped_records_are_named(busy_station):
    conn = _conn(busy_station)
    cols = "prev_hash, at, actor, event, case_id, hash"
    r5 = conn.execute(f"SELECT {cols} FROM audit WHERE seq = 5").fetchone()
    r6 = conn.execute(f"SELECT {cols} FROM audit WHERE seq = 6").fetchone()
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    conn.execute(f"UPDATE audit SET {sets} WHERE seq = 5", r6)
    conn.execute(f"UPDATE audit SET {sets} WHERE seq = 6", r5)
    _, problems = busy_station.store.verify_audit()
    assert [(p.seq, p.kind) for p in problems] == [(5, "reordered"), (6, "reordered")]


def test_cli_audit_verify_exit_codes(busy_station, data_dir, memory_keyring, monkeypatch, capsys):
    monkeypatch.setattr(keyring_store, "default_backend", lambda: memory_keyring)
    assert admin(["--data-dir", str(data_dir), "audit", "verify"]) == 0
    assert "intakt" in capsys.readouterr().out
    _conn(busy_station).execute("DELETE FROM audit WHERE seq = 2")
    assert admin(["--data-dir", str(data_dir), "audit", "verify", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["intact"] is False
    assert report["problems"][0]["seq"] == 2 and report["problems"][0]["kind"] == "missing"
