"""Forward-only migrations, each in one transaction, from every earlier schema version."""

from __future__ import annotations

import os

import pytest

from kiosk.errors import StoreCorrupt
from kiosk.store import Store
from kiosk.store.connection import open_encrypted
from kiosk.store.migrations import LATEST, MIGRATIONS, migrate, schema_version

KEY = os.urandom(32)


def _seed_at(conn, version: int) -> None:
    """Data as a station of that schema version would have written it."""
    conn.execute(
        "INSERT INTO cases (id, visit_date, state, created_by, created_at, updated_at) "
        "VALUES ('c1', '2026-01-05', 'draft', 'counsellor:1', 't', 't')"
    )
    conn.execute(
        "INSERT INTO households (case_id, data, search_name, updated_at) "
        "VALUES ('c1', '{\"applicant\":{\"family_name\":\"Öz\"}}', 'öz', 't')"
    )


@pytest.mark.parametrize("start", range(1, LATEST))
def test_upgrade_from_every_earlier_version_keeps_data(tmp_path, start):
    path = tmp_path / "old.db"
    conn = open_encrypted(path, KEY, create=True)
    assert migrate(conn, target=start) == start
    _seed_at(conn, start)
    conn.close()

    store = Store.open(path, KEY)  # opening migrates to the latest version
    assert store.schema_version == LATEST
    case = store.cases.get_case("c1")
    assert case.household == {"applicant": {"family_name": "Öz"}}
    store.cases.set_resume_point("c1", "children")  # columns later schemas added
    store.cases.save_household(
        "c1", case.household, "counsellor:1", pending={"$.applicant.tax_id": "3657"}
    )
    reread = store.cases.get_case("c1")
    assert reread.resume_at == "children"
    assert reread.pending == {"$.applicant.tax_id": "3657"}
    assert store.cases.list_cases(search="öz")[0].id == "c1"
    assert store.integrity_problems() == []
    store.close()


def test_fresh_database_is_at_latest_version(tmp_path):
    store = Store.create(tmp_path / "new.db", KEY)
    assert store.schema_version == LATEST == len(MIGRATIONS)
    store.close()


def test_failing_migration_leaves_the_previous_version(tmp_path):
    path = tmp_path / "db"
    conn = open_encrypted(path, KEY, create=True)
    migrate(conn, target=1)

    def broken(c):
        c.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk full in the middle of a migration")

    with pytest.raises(RuntimeError):
        migrate(conn, migrations=(*MIGRATIONS[:1], broken))
    assert schema_version(conn) == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
    conn.close()


def test_newer_schema_than_known_is_refused_untouched(tmp_path):
    path = tmp_path / "db"
    conn = open_encrypted(path, KEY, create=True)
    migrate(conn)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreCorrupt) as err:
        Store.open(path, KEY)
    assert "neueren Kiosk-Version" in err.value.user_message
    assert path.read_bytes() == before


def test_case_list_columns_are_backfilled_from_existing_cases(tmp_path):
    from kiosk.store.migrations import _v5_case_list_columns

    before = MIGRATIONS.index(_v5_case_list_columns)  # the schema version just before it
    path = tmp_path / "old.db"
    conn = open_encrypted(path, KEY, create=True)
    migrate(conn, target=before)
    rows = [
        ("c1", "2026-01-05", "draft",
         '{"applicant":{"family_name":"Yıldız","given_names":"Ayşe"}}'),
        ("c2", "2026-02-01", "draft", '{"partner":{"family_name":"Müller"}}'),
        ("c3", "2026-02-01", "withdrawn", '{"applicant":{"family_name":"Haddad"}}'),
        ("c4", "2026-01-01", "draft", "not json at all"),
    ]
    for cid, visit, state, data in rows:
        conn.execute(
            "INSERT INTO cases (id, visit_date, state, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, 'counsellor:1', ?, 't')", (cid, visit, state, cid))
        conn.execute("INSERT INTO households (case_id, data, updated_at) VALUES (?, ?, 't')",
                     (cid, data))
    for claim, state in (("k1", "queued"), ("k2", "needs_attention"), ("k3", "withdrawn")):
        conn.execute(
            "INSERT INTO claims (id, case_id, benefit, form_version, state, created_at, "
            "updated_at) VALUES (?, 'c1', 'kindergeld', '1', ?, 't', 't')", (claim, state))
    conn.close()

    store = Store.open(path, KEY)
    listed = {c.id: (c.family_name, c.state) for c in store.cases.list_cases()}
    assert listed == {
        "c1": ("Yıldız, Ayşe", "needs_attention"),
        "c2": ("", "draft"),
        "c3": ("Haddad", "withdrawn"),
        "c4": ("", "draft"),
    }
    assert [c.id for c in store.cases.list_cases(search="YILDIZ")] == ["c1"]
    assert [c.id for c in store.cases.list_cases(search="Mueller")] == ["c2"]
    assert store.cases.count_by_state() == {"needs_attention": 1, "draft": 2, "withdrawn": 1}
    assert [c.id for c in store.cases.list_cases(limit=2)] == ["c3", "c2"]
    plan = store.read("EXPLAIN QUERY PLAN SELECT id FROM cases "
                      "WHERE listed_state = 'needs_attention' "
                      "ORDER BY visit_date DESC, created_at DESC LIMIT 50")
    assert "cases_by_listed_state" in " ".join(str(step[-1]) for step in plan)
    store.close()
