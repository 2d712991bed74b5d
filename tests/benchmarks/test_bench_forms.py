"""Benchmark: the form engine for one five-person household, and loading the form files.

Prints (targets in brackets):
- per claim: project + missing, p50/p99 ms [p99 <= 5 ms];
- every claim of the household (all benefits, all subjects) plus validate_household,
  p50/p99 ms;
- loading all form files and the intake at start: cold (parse YAML, JSON Schema, semantic
  checks), warm from the on-disk form cache (a later start), in-process [<= 50 ms].
Run: `make bench` or `pytest tests/benchmarks -s`. BENCH_RUNS sets the sample count.
"""

from __future__ import annotations

import os
import time
from datetime import date

from kiosk.forms import cache as form_cache
from kiosk.forms import load_catalog, load_intake, missing, project, subjects
from kiosk.model import validate_household
from tests import households
from tests.benchmarks.bench_stats import summary, time_ms

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
TODAY = date(2026, 11, 25)


def _load_ms(cache_dir=None, clear_memory=True) -> float:
    if clear_memory:
        form_cache._memory.clear()
    t0 = time.perf_counter()
    load_catalog(cache_dir=cache_dir)
    load_intake(cache_dir=cache_dir)
    return (time.perf_counter() - t0) * 1000.0


def test_bench_project_and_validate_all_claims(tmp_path):
    catalog = load_catalog()
    hh = households.load("two_parents_three_children")
    claims = [(form, subject) for form in catalog.all_forms()
              for subject in subjects(form, hh, TODAY)]
    answers: dict = {}

    def one_claim(form=claims[0][0], subject=claims[0][1]) -> None:
        project(form, hh, answers, subject, TODAY)
        missing(form, hh, answers, subject, "de", today=TODAY)

    per_claim = []
    for form, subject in claims:
        per_claim += time_ms(lambda f=form, s=subject: one_claim(f, s), max(RUNS // 10, 5), 2)

    def everything() -> None:
        validate_household(hh)
        for form, subject in claims:
            project(form, hh, answers, subject, TODAY)
            missing(form, hh, answers, subject, "de", today=TODAY)

    def project_all() -> None:
        for form, subject in claims:
            project(form, hh, answers, subject, TODAY)

    whole = summary(time_ms(everything, max(RUNS // 10, 5), 3))
    projections = summary(time_ms(project_all, max(RUNS // 10, 5), 3))
    validate = summary(time_ms(lambda: validate_household(hh), RUNS, 5))
    claim = summary(per_claim)

    cold = [_load_ms() for _ in range(5)]
    cache_dir = tmp_path / "form-cache"
    _load_ms(cache_dir)  # fills the on-disk cache
    warm_disk = [_load_ms(cache_dir) for _ in range(10)]
    in_process = [_load_ms(clear_memory=False) for _ in range(10)]

    print(f"\nform engine, household of 5 (2 adults, 3 children), {len(claims)} claims "
          f"over {len(catalog.benefits())} benefits")
    print(f"  one claim (project + missing)   p50 {claim['p50']:.2f} ms  "
          f"p99 {claim['p99']:.2f} ms  [p99 <= 5 ms]")
    print(f"  validate_household              p50 {validate['p50']:.2f} ms  "
          f"p99 {validate['p99']:.2f} ms")
    print(f"  project all claims              p50 {projections['p50']:.2f} ms  "
          f"p99 {projections['p99']:.2f} ms")
    print(f"  all claims: validate_household + project + missing  p50 {whole['p50']:.2f} ms  "
          f"p99 {whole['p99']:.2f} ms")
    print(f"  load forms + intake: cold {min(cold):.1f}-{max(cold):.1f} ms, "
          f"warm (disk cache) {summary(warm_disk)['p50']:.1f} ms, "
          f"in-process {summary(in_process)['p50']:.1f} ms  [<= 50 ms]")
    assert len(claims) >= 6  # every benefit made at least one claim from this household
