"""Benchmark: one keystroke in the intake, UI → visit operation → UI, saved.

A key press goes to a real field widget of the intake screen; the screen hands the raw
text to the visit's ``IntakeSession.set_field``, which checks and coerces it once, writes
the working copy, saves it durably (SQLCipher, synchronous=FULL) and returns the message,
the fields now shown and the open count of every step; the screen shows all of it (message,
visibility, the step list's "N offen") — all before the key press returns. Prints p50/p99
in ms per keystroke (target p99 <= 16 ms, one frame). The household is the full fixture
(2 adults, 3 children). BENCH_RUNS sets the count.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests import households
from tests.benchmarks.bench_stats import summary
from tests.ui.test_intake_support import open_intake

RUNS = int(os.environ.get("BENCH_RUNS", "400"))
WARMUP = 20


def _key(target, key: Qt.Key, text: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def _keystrokes(line, char: str) -> list[float]:
    """Alternately type ``char`` and take it back: every sample is one real keystroke."""
    samples = []
    for n in range(WARMUP + RUNS):
        key, text = (Qt.Key.Key_unknown, char) if n % 2 == 0 else (Qt.Key.Key_Backspace, "")
        t0 = time.perf_counter()
        _key(line, key, text)
        if n >= WARMUP:
            samples.append((time.perf_counter() - t0) * 1000.0)
    return samples


def test_bench_keystroke_through_validation_and_autosave(qtbot, station):
    _, intake = open_intake(
        qtbot, station, households.load("two_parents_three_children"), step="applicant")

    results = {}
    name = intake.widget_for("family_name").line
    name.setFocus()
    name.end(False)
    results["name (valid, saved)"] = summary(_keystrokes(name, "e"))
    tax = intake.widget_for("tax_id").line
    tax.setFocus()
    tax.end(False)
    results["Steuer-ID (invalid, kept)"] = summary(_keystrokes(tax, "7"))

    intake.show_step("children")
    child = intake.widget_for("school_name", 2).line
    child.setFocus()
    results["child, 3 blocks"] = summary(_keystrokes(child, "s"))

    intake.show_step("incomes")
    incomes = intake.widget_for("incomes")
    incomes.add_entry()
    amount = incomes.rows[-1]["amount_cents"].line
    amount.setFocus()
    results["income list row"] = summary(_keystrokes(amount, "5"))

    stored = station.store.cases.get_case(intake.case_id)
    assert stored.household["applicant"]["family_name"] == name.text()  # really saved
    assert stored.household["children"][2]["school_name"] == child.text()

    print(f"\none keystroke in the intake through visit.intake.set_field: check + durable "
          f"save + conditions + open counts, {RUNS} runs each (target p99 <= 16 ms)")
    for label, s in results.items():
        print(f"  {label:27s} p50 {s['p50']:.2f} ms  p99 {s['p99']:.2f} ms  "
              f"mean {s['mean']:.2f} ms")
