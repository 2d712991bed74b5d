"""Benchmark: one keystroke in the intake of a case with signed claims. Besides the check
and the durable save, every signed claim of the case is projected again to see whether the
edit changes what the family signed (``FieldChange.needs_new_signature``). Prints p50/p99 in
ms per keystroke (target p99 <= 16 ms). BENCH_RUNS sets the count."""

from __future__ import annotations

import os
import time

from PySide6.QtCore import Qt

from kiosk.signature.recorded import recorded_signature
from tests import households
from tests.benchmarks.bench_stats import summary
from tests.benchmarks.test_bench_typing import _key, _keystrokes
from tests.ui.test_intake_support import open_intake

RUNS = int(os.environ.get("BENCH_RUNS", "400"))


def test_bench_keystroke_with_signed_claims(qtbot, station):
    window, intake = open_intake(
        qtbot, station, households.load("two_parents_three_children"), step="applicant")
    visit = window.session.visit
    signed = []
    for benefit, subject in (("kindergeld", None), ("kinderzuschlag", None),
                             ("wohngeld", None)):
        claim_id = visit.add_claim(intake.case_id, benefit, subject)
        visit.sign(claim_id, recorded_signature(1), visit.summary(claim_id, "de").sha256)
        signed.append(claim_id)
    intake.show_step("applicant")

    results = {}
    name = intake.widget_for("family_name").line
    name.setFocus()
    name.end(False)
    results["name, in 3 signed claims"] = summary(_keystrokes(name, "e"))
    # Typing and taking back leaves the name as signed; one more letter changes it.
    assert not intake.resign.isVisibleTo(intake)
    _key(name, Qt.Key.Key_unknown, "e")
    assert intake.resign.isVisibleTo(intake)
    intake.show_step("children")
    child = intake.widget_for("school_name", 2).line
    child.setFocus()
    results["child's school"] = summary(_keystrokes(child, "s"))

    # The part the check adds to every keystroke, on its own (no save, no UI).
    session = visit.intake
    plain = visit.create_case(households.load("two_parents_three_children"))
    for label, case_id in (("check, 0 signed claims", plain),
                           ("check, 3 signed claims", intake.case_id)):
        samples = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            session.changed_signed_claims(case_id)
            samples.append((time.perf_counter() - t0) * 1000.0)
        results[label] = summary(samples)

    print(f"\none keystroke in the intake of a case with {len(signed)} signed claims "
          f"(each projected again per keystroke), {RUNS} runs each (target p99 <= 16 ms)")
    for label, s in results.items():
        print(f"  {label:27s} p50 {s['p50']:.2f} ms  p99 {s['p99']:.2f} ms  "
              f"mean {s['mean']:.2f} ms")
