"""Benchmark: saving one full household case, SQLCipher against plain SQLite, same code.

Prints p50/p99 in ms and the encrypted/plain ratio (targets: p99 <= 5 ms, ratio <= 2.5).
Run: `make bench` or `pytest tests/benchmarks -s`. BENCH_RUNS sets the sample count.
"""

from __future__ import annotations

import os
import sqlite3

from kiosk.store import Store
from tests import households
from tests.benchmarks.bench_stats import summary, time_ms

RUNS = int(os.environ.get("BENCH_RUNS", "400"))


def _measure(store: Store) -> dict[str, dict[str, float]]:
    hh = households.load("two_parents_three_children")
    case_id = store.cases.create_case("counsellor:1", hh)
    counter = iter(range(10**9))

    def save_existing() -> None:
        hh["applicant"]["given_names"] = f"Julia {next(counter)}"
        store.cases.save_household(case_id, hh, "counsellor:1")

    return {
        "new case": summary(time_ms(lambda: store.cases.create_case("counsellor:1", hh), RUNS)),
        "save household": summary(time_ms(save_existing, RUNS)),
    }


def test_bench_save_full_household_case(tmp_path):
    enc = Store.create(tmp_path / "enc.db", os.urandom(32))
    plain = Store.over_connection(
        sqlite3.connect(tmp_path / "plain.db", isolation_level=None, check_same_thread=False)
    )
    try:
        results = {"sqlcipher": _measure(enc), "plain": _measure(plain)}
    finally:
        enc.close()
        plain.close()
    print(
        f"\nsaving one full household case (2 adults, 3 children), {RUNS} runs, "
        "synchronous=FULL, WAL"
    )
    for op in ("new case", "save household"):
        e, p = results["sqlcipher"][op], results["plain"][op]
        print(
            f"  {op:15s} sqlcipher p50 {e['p50']:.2f} ms  p99 {e['p99']:.2f} ms | "
            f"plain p50 {p['p50']:.2f} ms  p99 {p['p99']:.2f} ms | "
            f"ratio p50 {e['p50'] / p['p50']:.2f}  p99 {e['p99'] / p['p99']:.2f}"
        )
