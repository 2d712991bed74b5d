"""Benchmark: what the audit anchor outside the database costs per commit.

The same station saves with and without its anchor, in alternating blocks (so a busy disk
hits both alike): a keystroke autosave (``household.saved``, not anchored) and a new case
(``case.created``, anchored: two signed checkpoint files written around the COMMIT).
Prints p50/p99 in ms. BENCH_RUNS sets the sample count.
"""

from __future__ import annotations

import os
import time

from tests import households
from tests.benchmarks.bench_stats import summary

RUNS = int(os.environ.get("BENCH_RUNS", "400"))
BLOCK = 20


def test_bench_anchor_cost_per_commit(station):
    store, anchor = station.store, station.store.anchor
    hh = households.load("two_parents_three_children")
    case_id = store.cases.create_case("counsellor:1", hh)
    counter = iter(range(10**9))

    def autosave() -> None:
        hh["applicant"]["given_names"] = f"Julia {next(counter)}"
        store.cases.save_household(case_id, hh, "counsellor:1")

    def new_case() -> None:
        store.cases.create_case("counsellor:1", {})

    samples: dict[str, list[float]] = {}
    for _ in range(max(1, RUNS // BLOCK)):
        for label, fn in (("autosave", autosave), ("new case", new_case)):
            for mode in ("anchored", "bare"):
                store.anchor = anchor if mode == "anchored" else None
                for _ in range(BLOCK):
                    t0 = time.perf_counter()
                    fn()
                    samples.setdefault(f"{label}, {mode}", []).append(
                        (time.perf_counter() - t0) * 1000.0
                    )
    store.anchor = anchor
    print(f"\naudit anchor: cost per commit, {RUNS} runs each, alternating blocks")
    for label, s in samples.items():
        r = summary(s)
        print(f"  {label:22s} p50 {r['p50']:.2f} ms  p99 {r['p99']:.2f} ms  "
              f"mean {r['mean']:.2f} ms")
