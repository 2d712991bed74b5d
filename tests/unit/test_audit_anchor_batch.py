"""A sending pass moves the audit anchor with one small in-place write per commit (a slot of
``audit.anchor-batch``) and settles ``audit.anchor`` at its end; the chain verifies at every
moment, and a cut, a removed or a forged batch file is still reported."""

from __future__ import annotations

import json

import pytest

from kiosk.store import audit
from kiosk.store.anchor import ANCHOR_NAME, BATCH_NAME, SLOT, AuditAnchor


def _doc(data_dir):
    return json.loads((data_dir / ANCHOR_NAME).read_text())


def _head(station):
    return station.store._conn.execute(
        "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()


def _count_writes(monkeypatch, anchor):
    writes = []
    for name in ("_write", "_write_slot"):
        real = getattr(anchor, name)

        def counted(*args, _real=real, _name=name, **kw):
            writes.append(_name)
            return _real(*args, **kw)

        monkeypatch.setattr(anchor, name, counted)
    return writes


def _effective(station):
    anchor = station.store.anchor
    return anchor.effective(anchor.read())


def test_a_batch_writes_one_slot_per_commit_and_settles_at_its_end(
        station, data_dir, monkeypatch):
    store = station.store
    writes = _count_writes(monkeypatch, store.anchor)
    with store.anchor_batch():
        for _ in range(4):
            store.cases.create_case("counsellor:1", {})
            seq, hash_ = _head(station)
            # Between commits the checkpoint names the last commit as "pending": it verifies.
            assert _effective(station)["pending"] == {"seq": seq, "hash": hash_}
            assert "batch" in _doc(data_dir)["pending"]
            assert store.verify_audit()[1] == []
        assert (data_dir / BATCH_NAME).stat().st_size == 2 * SLOT
    # audit.anchor at the first commit and at the end; the other commits: one slot each.
    assert writes == ["_write", "_write_slot", "_write_slot", "_write_slot", "_write"]
    doc = _doc(data_dir)
    assert (doc["seq"], doc["hash"], doc["pending"]) == (*_head(station), None)
    assert not (data_dir / BATCH_NAME).exists()
    assert store.verify_audit()[1] == []
    # Outside a batch a commit still moves the anchor twice (before and after COMMIT).
    writes.clear()
    store.cases.create_case("counsellor:1", {})
    assert writes == ["_write", "_write"] and _doc(data_dir)["pending"] is None


def test_a_removed_or_forged_batch_file_is_reported(station, data_dir):
    store = station.store
    with store.anchor_batch():
        for _ in range(3):
            store.cases.create_case("counsellor:1", {})
        good = (data_dir / BATCH_NAME).read_bytes()
        (data_dir / BATCH_NAME).unlink()
        assert [p.kind for p in store.verify_audit()[1]] == ["anchor_missing"]
        # The newer slot (the third checkpoint, back in slot 0) altered: its signature
        # fails, the older slot names the head before the last commit, whose records are
        # then reported as never anchored.
        forged = bytearray(good)
        at = forged.index(b'"hash": "') + 9
        forged[at] = ord("1") if forged[at] == ord("0") else ord("0")
        (data_dir / BATCH_NAME).write_bytes(bytes(forged))
        assert [p.kind for p in store.verify_audit()[1]] == ["unanchored"]
        # Nor does spoiling the newer slot let the last two commits be cut unnoticed.
        conn = store._conn
        heads = [r[0] for r in conn.execute(
            "SELECT seq FROM audit WHERE event = 'case.created' ORDER BY seq").fetchall()]
        conn.execute("SAVEPOINT cut")
        conn.execute("DELETE FROM audit WHERE seq > ?", (heads[-3],))
        conn.execute("UPDATE audit_head SET seq = ?, hash = (SELECT hash FROM audit WHERE "
                     "seq = ?) WHERE id = 1", (heads[-3], heads[-3]))
        assert [p.kind for p in store.verify_audit()[1]] == ["truncated"]
        conn.execute("ROLLBACK TO cut")
        conn.execute("RELEASE cut")
        (data_dir / BATCH_NAME).write_bytes(b"\0" * (2 * SLOT))
        assert [p.kind for p in store.verify_audit()[1]] == ["anchor_invalid"]
        (data_dir / BATCH_NAME).write_bytes(good)
        assert store.verify_audit()[1] == []


def test_a_slot_torn_by_a_crash_before_commit_leaves_a_verifiable_anchor(
        station, data_dir, monkeypatch):
    store = station.store
    with store.anchor_batch():
        store.cases.create_case("counsellor:1", {})
        store.cases.create_case("counsellor:1", {})
        anchor = store.anchor

        def torn(before, after):  # half a slot reaches the disk, then the power goes
            anchor._slot_no += 1
            data = anchor._slot(before, after)
            with open(data_dir / BATCH_NAME, "r+b") as fh:
                fh.seek((anchor._slot_no % 2) * SLOT)
                fh.write(data[: SLOT // 3])
            raise KeyboardInterrupt

        monkeypatch.setattr(anchor, "_write_slot", torn)
        with pytest.raises(KeyboardInterrupt):
            store.cases.create_case("counsellor:1", {})
        monkeypatch.undo()
        assert store.verify_audit()[1] == []
    assert store.verify_audit()[1] == []


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
    store.anchor._batch_id = None
    assert store.verify_audit()[1] == []
    store.cases.create_case("counsellor:1", {})  # the next process carries on
    assert store.verify_audit()[1] == []


def test_a_pass_killed_while_it_starts_its_batch_after_one_that_died_leaves_it_verifiable(
        station, data_dir, monkeypatch):
    """A pass died inside its batch (the anchor still names that batch file); the next pass
    is killed after it replaced the batch file, before the anchor names the new one."""
    store = station.store
    first = store.anchor_batch()  # kept: a context left for the collector would end it
    first.__enter__()  # the first pass dies: no __exit__
    store.cases.create_case("counsellor:1", {})
    store.cases.create_case("counsellor:1", {})
    store.anchor._batch, store.anchor._unsettled, store.anchor._batch_id = 0, None, None
    assert "batch" in _doc(data_dir)["pending"]
    real_write = store.anchor._write

    def killed_when_naming_the_batch(*args, **kw):
        if kw.get("batch"):
            raise KeyboardInterrupt  # the kill, right before audit.anchor names the batch
        return real_write(*args, **kw)

    monkeypatch.setattr(store.anchor, "_write", killed_when_naming_the_batch)
    second = store.anchor_batch()
    second.__enter__()  # the next pass
    with pytest.raises(KeyboardInterrupt):
        store.cases.create_case("counsellor:1", {})
    monkeypatch.undo()
    store.anchor._batch, store.anchor._unsettled, store.anchor._batch_id = 0, None, None
    assert store.verify_audit()[1] == []  # no "anchor_invalid": nothing forged happened


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
        assert moved["pending"] is None and moved["seq"] == _head(station)[0]
        store.cases.create_case("counsellor:1", {})  # the batch carries on: a new batch file
        assert "batch" in _doc(data_dir)["pending"]
        assert store.verify_audit()[1] == []
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
