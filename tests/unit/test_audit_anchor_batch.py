"""A sending pass moves the audit anchor once per commit (before it) and settles it at the
end; the chain stays verifiable at every moment and a cut is still reported."""

from __future__ import annotations

import json

from kiosk.store import audit
from kiosk.store.anchor import ANCHOR_NAME, AuditAnchor


def _doc(data_dir):
    return json.loads((data_dir / ANCHOR_NAME).read_text())


def _head(station):
    return station.store._conn.execute(
        "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()


def _count_writes(monkeypatch, anchor):
    writes = []
    real = anchor._write

    def counted(head, pending, notes, **kw):
        writes.append((head.seq, None if pending is None else pending.seq))
        real(head, pending, notes, **kw)

    monkeypatch.setattr(anchor, "_write", counted)
    return writes


def test_a_batch_writes_the_anchor_once_per_commit_and_settles_at_its_end(
        station, data_dir, monkeypatch):
    store = station.store
    writes = _count_writes(monkeypatch, store.anchor)
    with store.anchor_batch():
        for _ in range(3):
            store.cases.create_case("counsellor:1", {})
            seq, hash_ = _head(station)
            # Between commits the anchor names the last commit as "pending": it verifies.
            assert _doc(data_dir)["pending"] == {"seq": seq, "hash": hash_}
            assert store.verify_audit()[1] == []
    assert len(writes) == 4  # three checkpoints before COMMIT, one at the end
    doc = _doc(data_dir)
    assert (doc["seq"], doc["hash"], doc["pending"]) == (*_head(station), None)
    assert store.verify_audit()[1] == []
    # Outside a batch a commit still moves the anchor twice (before and after COMMIT).
    writes.clear()
    store.cases.create_case("counsellor:1", {})
    assert len(writes) == 2 and _doc(data_dir)["pending"] is None


def test_cutting_the_last_commit_of_a_settled_batch_is_reported(station):
    store = station.store
    with store.anchor_batch():
        for _ in range(2):
            store.cases.create_case("counsellor:1", {})
    conn = store._conn  # the attacker: direct SQL with the key
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE seq = ?", (last,))
    conn.execute("UPDATE audit_head SET seq = seq - 1, hash = (SELECT hash FROM audit "
                 "WHERE seq = ?) WHERE id = 1", (last - 1,))
    assert [p.kind for p in store.verify_audit()[1]] == ["truncated"]


def test_a_pass_that_dies_before_its_end_leaves_a_verifiable_anchor(station, data_dir):
    store = station.store
    batch = store.anchor_batch()
    batch.__enter__()  # the process dies inside the pass: no __exit__
    store.cases.create_case("counsellor:1", {})
    store.cases.create_case("counsellor:1", {})
    assert _doc(data_dir)["pending"] is not None
    store.anchor._batch = 0  # what a new process starts with
    store.anchor._unsettled = None
    assert store.verify_audit()[1] == []
    store.cases.create_case("counsellor:1", {})  # the next process carries on
    assert store.verify_audit()[1] == []


def test_the_end_of_a_batch_never_moves_back_an_anchor_another_writer_moved(
        station, data_dir):
    store = station.store
    with store.anchor_batch():
        store.cases.create_case("counsellor:1", {})
        # Another process of the same station commits an anchored record meanwhile.
        other = AuditAnchor(data_dir, store.anchor.station_id, store.anchor._key)
        conn = store._conn
        conn.execute("BEGIN IMMEDIATE")
        other.begin(conn)
        audit.append(conn, "case.created", "counsellor:2")
        other.before_commit(conn)
        conn.execute("COMMIT")
        other.after_commit()
        moved = _doc(data_dir)
    assert _doc(data_dir) == moved  # the batch's end left the other writer's checkpoint
    assert moved["seq"] == _head(station)[0]
    assert store.verify_audit()[1] == []
