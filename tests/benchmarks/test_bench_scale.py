"""Benchmark: the case list at station scale — 50,000 cases, one third with claims.

Builds the cases through the real repository methods (1,000 per transaction), then prints
import throughput, p50/p99 of the first page of the case list, a name search and the status
counts (targets: p50 <= 50 ms each), peak RSS (target <= 300 MB) and the `audit verify` time.

Size: ``BENCH_SCALE_CASES`` if set; else 50,000 under `make bench` (``pytest -s``), and a
500-case smoke run of the same code under `make test`, which must stay fast.
"""

from __future__ import annotations

import hashlib
import os
import resource
import time
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from kiosk.store import Store
from tests import households
from tests.benchmarks.bench_stats import summary

FULL = 50_000
SMOKE = 500
BATCH = 1_000
PAGE = 50
ALONE = 200
RUNS = int(os.environ.get("BENCH_RUNS", "200"))
ACTOR = "counsellor:1"

FAMILIES = (
    "Yıldız", "Müller", "Strauß", "Öztürk", "Petrenko", "Haddad", "Schmidt", "Коваленко",
    "Nguyen", "Kaya", "Weber", "Al-Hassan", "Schäfer", "Çelik", "Wagner", "Fischer",
    "Becker", "Hoffmann", "Demir", "Schulz", "Шевченко", "Krause", "Meier", "Lehmann",
    "Şahin", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz",
)
GIVEN = ("Ayşe", "Olena", "Rania", "Jürgen", "Zeynep", "Mila", "Ömer", "Julia", "İbrahim")


def _timed(fn: Callable[[], object], runs: int) -> dict[str, float]:
    """Wall-clock p50/p99 in ms, and the p50 of this process's CPU time (on shared cores
    the wall clock also counts the time other processes hold the CPU)."""
    for _ in range(5):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - c0) * 1000.0)
        wall.append((time.perf_counter() - w0) * 1000.0)
    return summary(wall) | {"cpu p50": summary(cpu)["p50"]}


def _size(config: pytest.Config) -> int:
    if "BENCH_SCALE_CASES" in os.environ:
        return int(os.environ["BENCH_SCALE_CASES"])
    return FULL if config.getoption("capture") == "no" else SMOKE


def _build(store: Store, n: int) -> float:
    """*n* cases, every third with two claims in differing states; returns cases per second."""
    template = households.load("two_parents_three_children")
    start_day = date(2026, 1, 1)
    # Each claim walks the lifecycle to its state (signed first; the store allows no jump).
    paths = (("queued",), ("queued", "sending", "sent"), ("queued", "sending", "sent", "accepted"),
             ("queued", "needs_attention"), ("queued", "sending", "sent", "rejected"), ())
    canonical = b'{"claim":1}'
    sha = hashlib.sha256(canonical).hexdigest()
    t0 = time.perf_counter()
    for first in range(0, n, BATCH):
        with store.transaction():
            for i in range(first, min(n, first + BATCH)):
                template["applicant"]["family_name"] = FAMILIES[i % len(FAMILIES)]
                template["applicant"]["given_names"] = f"{GIVEN[i % len(GIVEN)]} {i}"
                template["partner"]["family_name"] = FAMILIES[(i * 7) % len(FAMILIES)]
                case_id = store.cases.create_case(
                    ACTOR, template, visit_date=start_day + timedelta(days=i % 300)
                )
                if i % 3 == 0:
                    store.claims.add_claim(case_id, "kindergeld", "1", None, ACTOR)
                    claim = store.claims.add_claim(case_id, "wohngeld", "1", None, ACTOR)
                    store.claims.sign(claim, {"strokes": []}, canonical, sha, ACTOR)
                    for state in paths[i % len(paths)]:
                        store.claims.set_state(claim, state, ACTOR)
                if i % 97 == 0:
                    store.cases.withdraw_case(case_id, ACTOR)
    return n / (time.perf_counter() - t0)


def test_bench_case_list_at_scale(tmp_path, request):
    n = _size(request.config)
    store = Store.create(tmp_path / "scale.db", os.urandom(32))
    try:
        per_second = _build(store, n)
        # One case per transaction (as `case import` and the intake write), synchronous=FULL.
        one_by_one = households.load("two_parents_three_children")
        t0 = time.perf_counter()
        for _ in range(ALONE):
            store.cases.create_case(ACTOR, one_by_one)
        alone_per_second = ALONE / (time.perf_counter() - t0)
        n += ALONE
        cases = store.cases
        db_mb = sum(p.stat().st_size for p in tmp_path.iterdir()) / 1e6

        # What the case list screen does for its first page: one page plus the total.
        def first_page() -> None:
            assert len(cases.list_cases(limit=PAGE)) == PAGE
            cases.count_cases()

        def last_page() -> None:
            assert cases.page_cases(limit=PAGE, offset=n).cases

        def name_search() -> None:
            found = cases.list_cases(search="Yildiz", limit=PAGE)
            assert found and all(c.family_name.startswith("Yıldız") for c in found)
            cases.count_cases(search="Yildiz")

        def no_hit_search() -> None:
            assert cases.list_cases(search="Nobodyhere", limit=PAGE) == []
            cases.count_cases(search="Nobodyhere")

        def state_filter() -> None:
            cases.list_cases(state="needs_attention", limit=PAGE)
            cases.count_cases(state="needs_attention")

        def status_counts() -> None:
            assert sum(cases.count_by_state().values()) == n

        runs = RUNS if n >= FULL else 20
        figures = {
            "first page (50) + total": _timed(first_page, runs),
            "last page": _timed(last_page, runs),
            "name search 'Yildiz'": _timed(name_search, runs),
            "search without a hit": _timed(no_hit_search, runs),
            "state filter 'Bitte prüfen'": _timed(state_filter, runs),
            "status counts": _timed(status_counts, runs),
        }
        t0 = time.perf_counter()
        checked, problems = store.verify_audit()
        verify_s = time.perf_counter() - t0
        assert problems == []
    finally:
        store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"\ncase list at scale: {n} cases (1/3 with claims), SQLCipher, {db_mb:.0f} MB on disk")
    print(f"  import (create_case, {BATCH} per transaction): {per_second:,.0f} cases/s; "
          f"one per transaction: {alone_per_second:,.0f} cases/s")
    for what, fig in figures.items():
        print(f"  {what:26s} p50 {fig['p50']:6.2f} ms  p99 {fig['p99']:6.2f} ms  "
              f"(cpu p50 {fig['cpu p50']:5.2f} ms)")
    print(f"  audit verify: {checked} records in {verify_s:.2f} s")
    print(f"  peak RSS of this test process: {peak_mb:.0f} MB")
