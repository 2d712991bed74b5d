"""A full disk loses nothing already saved and says so in plain words."""

from __future__ import annotations

import pytest

from kiosk.errors import StorageFull
from tests import households


def test_full_disk_refuses_the_change_keeps_the_rest_and_recovers(station):
    store = station.store
    hh = households.load()
    case_id = store.cases.create_case("counsellor:1", hh)
    conn = store._conn  # the test shrinks the database's size limit to simulate a full disk
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    big = dict(hh, notes="x" * 200_000)
    with pytest.raises(StorageFull) as err:
        store.cases.save_household(case_id, big, "counsellor:1")
    assert "voll" in err.value.user_message
    assert store.cases.get_case(case_id).household == hh
    assert store.verify_audit()[1] == []

    conn.execute("PRAGMA max_page_count = 1073741823")
    store.cases.save_household(case_id, big, "counsellor:1")
    assert store.cases.get_case(case_id).household == big
