"""Benchmark: the form engine for one five-person household, and loading the form files.

Prints (targets of issue 3 in brackets):
- per claim: project + missing, p50/p99 ms;
- validate_household, and projecting every claim, p50/p99 ms;
- all claims: validate_household + project + missing list of every claim of the household
  (22 claims over 6 benefits), p50/p99 ms [p99 <= 5 ms]: once through
  ``claims_overview`` (one walk per claim, the persons enumerated once per call), once
  through separate ``project()`` and ``missing()`` calls per claim, as a screen that
  needs only one of them makes them;
- loading all form files and the intake at start: cold (nothing in memory: read and
  parse YAML, compile and run the schema check, semantic checks, build the forms), and
  again in the same process [<= 50 ms, cold].
Run: `make bench` or `pytest tests/benchmarks -s`. BENCH_RUNS sets the sample count.
"""

from __future__ import annotations

import os
import time
from datetime import date

from kiosk.forms import (
    claims_overview,
    load_catalog,
    load_intake,
    missing,
    project,
    subjects,
)
from kiosk.model import schema as household_schema
from kiosk.model import validate_household
from tests import households
from tests.benchmarks.bench_stats import summary, time_ms

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
TODAY = date(2026, 11, 25)


def _forget_everything() -> None:
    """Drop every in-process result of an earlier load, as in a new process."""
    household_schema._load.cache_clear()
    household_schema._validator.cache_clear()
    household_schema._fast_check.cache_clear()


def _load_ms(cold=True) -> float:
    if cold:
        _forget_everything()
    t0 = time.perf_counter()
    load_catalog()
    load_intake()
    return (time.perf_counter() - t0) * 1000.0


def test_bench_project_and_validate_all_claims():
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

    def overview() -> None:
        result = claims_overview(catalog, hh, lang="de", today=TODAY)
        assert len(result.claims) == len(claims)

    def separate_calls() -> None:
        validate_household(hh)
        for form, subject in claims:
            project(form, hh, answers, subject, TODAY)
            missing(form, hh, answers, subject, "de", today=TODAY)

    def project_all() -> None:
        for form, subject in claims:
            project(form, hh, answers, subject, TODAY)

    whole = summary(time_ms(overview, RUNS, 10))
    separate = summary(time_ms(separate_calls, RUNS, 10))
    projections = summary(time_ms(project_all, RUNS, 10))
    validate = summary(time_ms(lambda: validate_household(hh), RUNS, 5))
    claim = summary(per_claim)

    cold = [_load_ms() for _ in range(10)]
    in_process = [_load_ms(cold=False) for _ in range(10)]

    print(f"\nform engine, household of 5 (2 adults, 3 children), {len(claims)} claims "
          f"over {len(catalog.benefits())} benefits, {RUNS} samples")
    print(f"  one claim (project + missing)   p50 {claim['p50']:.2f} ms  "
          f"p99 {claim['p99']:.2f} ms")
    print(f"  validate_household              p50 {validate['p50']:.2f} ms  "
          f"p99 {validate['p99']:.2f} ms")
    print(f"  project all claims              p50 {projections['p50']:.2f} ms  "
          f"p99 {projections['p99']:.2f} ms")
    print(f"  all claims: validate_household + project + missing (claims_overview)  "
          f"p50 {whole['p50']:.2f} ms  p99 {whole['p99']:.2f} ms  [p99 <= 5 ms]")
    print(f"  the same through separate project()/missing() calls                "
          f"p50 {separate['p50']:.2f} ms  p99 {separate['p99']:.2f} ms")
    print(f"  load forms + intake: cold {min(cold):.1f}-{max(cold):.1f} ms "
          f"(p50 {summary(cold)['p50']:.1f}), "
          f"in-process {summary(in_process)['p50']:.1f} ms  [cold <= 50 ms]")
    assert len(claims) >= 6  # every benefit made at least one claim from this household
