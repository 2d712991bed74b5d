"""The audit chain's head is anchored outside the database: someone holding the database key
who empties, cuts, extends or recomputes the chain is reported by `audit verify` (exit 1)."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest

from kiosk.app import Station
from kiosk.cli.main import main as admin
from kiosk.keys import KeyStore, keyring_store
from kiosk.keys.signing import SIGNING_KEY_NAME
from kiosk.store import audit
from kiosk.store.anchor import ANCHOR_NAME, verify_signed_head
from tests import households


@pytest.fixture
def busy_station(station):
    case_id = station.store.cases.create_case("counsellor:1", {"applicant": {}})
    for i in range(3):
        station.store.cases.save_household(case_id, {"applicant": {"n": i}}, "counsellor:1")
    claim = station.store.claims.add_claim(case_id, "kindergeld", "1", None, "counsellor:1")
    station.store.claims.save_answers(claim, {"x": 1}, "counsellor:1")
    station.store.cases.withdraw_case(case_id, "counsellor:1")
    return station


def _conn(station):
    return station.store._conn  # the test plays the attacker: direct SQL with the key


def _verify_cli(data_dir, memory_keyring, monkeypatch, capsys, *extra):
    monkeypatch.setattr(keyring_store, "default_backend", lambda: memory_keyring)
    code = admin(["--data-dir", str(data_dir), "audit", "verify", *extra])
    out = capsys.readouterr()
    return code, out


def _kinds(station):
    return [p.kind for p in station.store.verify_audit()[1]]


def _set_head(conn):
    """What an attacker does after editing records: make the in-database head fit again."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        conn.execute("DELETE FROM audit_head")
    else:
        conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", row)


def _recompute_from(conn, first_seq):
    """Rewrite every hash from *first_seq* on, so the chain fits together again."""
    rows = conn.execute(
        "SELECT seq, prev_hash, at, actor, event, case_id FROM audit WHERE seq >= ? ORDER BY seq",
        (first_seq,),
    ).fetchall()
    prev = conn.execute("SELECT hash FROM audit WHERE seq = ?", (first_seq - 1,)).fetchone()[0]
    for seq, _old_prev, at, actor, event, case_id in rows:
        h = audit.record_hash(seq, prev, at, actor, event, case_id)
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, seq))
        prev = h
    _set_head(conn)


def test_normal_station_verifies_intact(busy_station, data_dir, memory_keyring, monkeypatch,
                                        capsys):
    code, out = _verify_cli(data_dir, memory_keyring, monkeypatch, capsys)
    assert code == 0 and "intakt" in out.out


def test_emptied_chain_is_reported(busy_station, data_dir, memory_keyring, monkeypatch, capsys):
    conn = _conn(busy_station)
    conn.execute("DELETE FROM audit")
    conn.execute("DELETE FROM audit_head")
    assert audit.verify(conn)[1] == []  # the chain alone sees nothing wrong
    code, out = _verify_cli(data_dir, memory_keyring, monkeypatch, capsys, "--json")
    report = json.loads(out.out)
    assert code == 1 and report["intact"] is False
    assert [p["kind"] for p in report["problems"]] == ["emptied"]


def test_cut_tail_is_reported(busy_station, data_dir, memory_keyring, monkeypatch, capsys):
    conn = _conn(busy_station)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE seq > ?", (last - 3,))
    _set_head(conn)
    assert audit.verify(conn)[1] == []
    code, out = _verify_cli(data_dir, memory_keyring, monkeypatch, capsys)
    assert code == 1
    assert "kürzer als bestätigt" in out.err and f"bestätigt {last} Einträge" in out.err


def test_forged_appended_record_is_reported(busy_station, data_dir, memory_keyring,
                                            monkeypatch, capsys):
    conn = _conn(busy_station)
    seq = audit.append(conn, "claim.signed", "counsellor:1", "feedcafe")
    conn.commit()
    assert audit.verify(conn)[1] == []
    code, out = _verify_cli(data_dir, memory_keyring, monkeypatch, capsys, "--json")
    problems = json.loads(out.out)["problems"]
    assert code == 1 and [(p["seq"], p["kind"]) for p in problems] == [(seq, "unanchored")]


def test_recomputed_chain_is_reported(busy_station, data_dir, memory_keyring, monkeypatch,
                                      capsys):
    conn = _conn(busy_station)
    conn.execute("UPDATE audit SET actor = 'counsellor:99' WHERE seq = 4")
    _recompute_from(conn, 4)
    assert audit.verify(conn)[1] == []
    code, out = _verify_cli(data_dir, memory_keyring, monkeypatch, capsys)
    assert code == 1 and "neu berechnet" in out.err


def test_missing_anchor_file_is_reported_and_stays_reported(busy_station, data_dir):
    (data_dir / ANCHOR_NAME).unlink()
    assert _kinds(busy_station) == ["anchor_missing"]
    # The kiosk keeps working; the next checkpoint carries the finding, signed.
    busy_station.store.cases.create_case("counsellor:1", {})
    problems = busy_station.store.verify_audit()[1]
    assert [(p.kind, p.reason) for p in problems] == [("reanchored", "anchor_missing")]
    assert "Ankerdatei fehlte" in problems[0].german()


def test_anchor_with_bad_signature_is_reported(busy_station, data_dir):
    path = data_dir / ANCHOR_NAME
    doc = json.loads(path.read_text())
    doc["seq"] -= 3  # as if the tail were never there
    path.write_text(json.dumps(doc))
    assert _kinds(busy_station) == ["anchor_invalid"]


def test_anchor_signed_by_another_key_is_reported(busy_station, data_dir, memory_keyring):
    path = data_dir / ANCHOR_NAME
    good = path.read_bytes()
    ((svc, user),) = [k for k in memory_keyring.secrets if k[1].endswith(SIGNING_KEY_NAME)]
    memory_keyring.secrets[(svc, user)] = "22" * 32
    busy_station.close()
    reopened = Station.open(data_dir, keyring_backend=memory_keyring)
    try:
        assert path.read_bytes() == good
        assert [p.kind for p in reopened.store.verify_audit()[1]] == ["anchor_invalid"]
    finally:
        reopened.close()


def test_cut_then_new_work_is_still_reported(busy_station):
    conn = _conn(busy_station)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE seq > ?", (last - 2,))
    _set_head(conn)
    conn.commit()
    busy_station.store.cases.create_case("counsellor:1", {})  # re-anchors on top of the cut
    problems = busy_station.store.verify_audit()[1]
    assert [(p.kind, p.reason) for p in problems] == [("reanchored", "truncated")]


def test_anchor_file_holds_no_personal_data(station, data_dir):
    hh = households.with_canaries(households.load(), "QXZCANARY")
    case_id = station.store.cases.create_case("counsellor:1", hh)
    station.store.cases.withdraw_case(case_id, "counsellor:1")
    path = data_dir / ANCHOR_NAME
    raw = path.read_bytes()
    assert b"QXZCANARY" not in raw and case_id.encode() not in raw
    assert set(json.loads(raw)) == {
        "format", "station_id", "seq", "hash", "pending", "at", "notes", "signature"
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in data_dir.iterdir() if p.name.startswith(f".{ANCHOR_NAME}")]


def test_keystroke_autosaves_do_not_rewrite_the_anchor(busy_station, data_dir):
    path = data_dir / ANCHOR_NAME
    case_id = busy_station.store.cases.create_case("counsellor:1", {})
    before = path.read_bytes()
    for i in range(5):
        busy_station.store.cases.save_household(case_id, {"applicant": {"n": i}}, "c:1")
    assert path.read_bytes() == before
    assert busy_station.store.verify_audit()[1] == []
    busy_station.store.cases.withdraw_case(case_id, "counsellor:1")  # a state change: anchored
    assert json.loads(path.read_bytes())["seq"] == _conn(busy_station).execute(
        "SELECT max(seq) FROM audit").fetchone()[0]


def test_crash_after_commit_before_the_anchor_moves_verifies(busy_station, monkeypatch):
    anchor = busy_station.store.anchor
    monkeypatch.setattr(anchor, "after_commit", anchor.abort)  # "killed" right after COMMIT
    busy_station.store.cases.create_case("counsellor:1", {})
    doc = json.loads(anchor.path.read_text())
    assert doc["pending"] is not None
    assert busy_station.store.verify_audit()[1] == []


def test_crash_before_commit_verifies(busy_station, monkeypatch):
    """The anchor already names the pending head, the commit never happened."""
    anchor = busy_station.store.anchor
    real = anchor.before_commit

    def then_die(conn):
        real(conn)
        raise KeyboardInterrupt

    monkeypatch.setattr(anchor, "before_commit", then_die)
    with pytest.raises(KeyboardInterrupt):
        busy_station.store.cases.create_case("counsellor:1", {})
    assert json.loads(anchor.path.read_text())["pending"] is not None
    monkeypatch.undo()
    assert busy_station.store.verify_audit()[1] == []
    busy_station.store.cases.create_case("counsellor:1", {})
    assert busy_station.store.verify_audit()[1] == []


def test_station_from_before_anchoring_gets_key_and_anchor(busy_station, data_dir,
                                                         memory_keyring):
    (data_dir / ANCHOR_NAME).unlink()
    for k in [k for k in memory_keyring.secrets if k[1].endswith(SIGNING_KEY_NAME)]:
        del memory_keyring.secrets[k]
    busy_station.close()
    reopened = Station.open(data_dir, keyring_backend=memory_keyring)
    try:
        assert (data_dir / ANCHOR_NAME).exists()
        assert reopened.store.verify_audit()[1] == []
    finally:
        reopened.close()


def test_signed_head_for_submissions(busy_station):
    head = busy_station.store.signed_audit_head()
    count = _conn(busy_station).execute("SELECT count(*) FROM audit").fetchone()[0]
    assert head["seq"] == count and head["station_id"] == busy_station.identity.station_id
    public = base64.b64decode(head["public_key"])
    assert verify_signed_head(head, public)
    assert not verify_signed_head({**head, "seq": count - 1}, public)
    assert not verify_signed_head(head, os.urandom(32))


def test_two_processes_writing_in_turn_keep_the_anchor_intact(station, data_dir,
                                                              memory_keyring):
    """The kiosk and an admin command on the same station: each anchors on top of the other."""
    other = Station.open(data_dir, keyring_backend=memory_keyring)
    try:
        for i in range(3):
            case_id = station.store.cases.create_case("counsellor:1", {})
            other.store.cases.save_household(case_id, {"n": i}, "admin")
            other.store.cases.withdraw_case(case_id, "admin")
        assert station.store.verify_audit()[1] == []
        assert other.store.verify_audit()[1] == []
    finally:
        other.close()


@pytest.mark.keyring
def test_signing_key_lives_in_the_os_keyring(real_keyring, data_dir):
    st = Station.provision(data_dir, keyring_backend=real_keyring)
    keys = KeyStore(st.identity.station_id, real_keyring)
    try:
        assert len(bytes.fromhex(keys.secret(SIGNING_KEY_NAME) or "")) == 32
        st.store.cases.create_case("counsellor:1", {})
        st.close()
        reopened = Station.open(data_dir, keyring_backend=real_keyring)
        assert reopened.store.verify_audit() == (2, [])
        reopened.close()
    finally:
        keys.delete_database_key()
        real_keyring.delete_password(keyring_store.SERVICE, keys._user(SIGNING_KEY_NAME))


def test_acknowledging_findings_starts_afresh_and_is_itself_in_the_chain(busy_station):
    conn = _conn(busy_station)
    conn.execute("DELETE FROM audit")
    conn.execute("DELETE FROM audit_head")
    assert _kinds(busy_station) == ["emptied"]
    assert busy_station.store.anchor.acknowledge(busy_station.store, "admin") == 1
    assert busy_station.store.verify_audit() == (1, [])
    events = [r[0] for r in conn.execute("SELECT event FROM audit").fetchall()]
    assert events == ["audit.anchor_reset:1"]
