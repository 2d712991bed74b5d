"""Benchmark: the visit operations a screen calls, on the encrypted store.

Prints p50/p99 of
- the claims overview (``visit.claims_overview``: household read from the store, hints with
  reasons, every claim's projection and missing list, every added claim's state) for a
  five-person household with 4 claims added [the screen's budget: p99 <= 5 ms for the
  form-engine part; this is the whole operation];
- one claim's summary in Arabic (``visit.summary``: projection + Babel formatting);
- signing (``visit.sign``: re-projection, freeze, audit, one durable transaction).
Run: `make bench` or `pytest tests/benchmarks -s`. BENCH_RUNS sets the sample count.
"""

from __future__ import annotations

import os

from kiosk.signature.recorded import recorded_signature
from tests import households
from tests.benchmarks.bench_stats import summary, time_ms

RUNS = int(os.environ.get("BENCH_RUNS", "200"))


def test_bench_visit_operations(station):
    visit = station.visit("counsellor:1")
    station.forms  # noqa: B018 - loaded once, as the kiosk does after log-in
    case_id = visit.create_case(households.load("two_parents_three_children"))
    likely = [r for r in visit.claims_overview(case_id).hints
              if r.addable and r.level in ("likely", "possible") and r.benefit != "kindergeld"]
    for row in likely[:4]:
        visit.add_claim(case_id, row.benefit, row.subject)
    overview = visit.claims_overview(case_id)
    claim_id = overview.claims[0].claim.id

    ov = summary(time_ms(lambda: visit.claims_overview(case_id), RUNS, 10))
    sm = summary(time_ms(lambda: visit.summary(claim_id, "ar"), RUNS, 10))

    strokes = recorded_signature()
    sign_samples: list[float] = []
    draft = visit.add_claim(case_id, "kindergeld", None)
    for _ in range(min(RUNS, 50)):
        shown = visit.summary(draft, "de")
        sign_samples += time_ms(lambda c=draft, h=shown.sha256: visit.sign(c, strokes, h), 1, 0)
        draft = visit.correct(draft)  # a new draft to sign next time; the old one superseded
    sg = summary(sign_samples)

    print(f"\nvisit operations (household of 5, {len(overview.claims)} claims added, "
          f"{len(overview.hints)} hint rows), {RUNS} samples")
    print(f"  claims overview (store read + hints + gaps)  p50 {ov['p50']:.2f} ms  "
          f"p99 {ov['p99']:.2f} ms")
    print(f"  claim summary in Arabic                      p50 {sm['p50']:.2f} ms  "
          f"p99 {sm['p99']:.2f} ms")
    print(f"  sign (re-project, freeze, audit, durable)    p50 {sg['p50']:.2f} ms  "
          f"p99 {sg['p99']:.2f} ms")
    assert overview.claims and len(sign_samples) >= 1
