"""Benchmark: `case import` and `case claims` on the largest household the schema allows
(20 children, 20 further members, 50 incomes for each of the 42 persons), through the
CLI's ``main`` in-process, on a real SQLCipher station.

Prints p50/p99 ms (target: well under a second each; the issue saw `case claims` on 8,000
children still running after 300 s — the schema now stops at 20). Run: `make bench` or
`pytest tests/benchmarks/test_bench_largest_household.py -s`. BENCH_RUNS sets the samples.
"""

from __future__ import annotations

import json
import os

from kiosk.cli.main import main as admin
from kiosk.keys import keyring_store
from tests.benchmarks.bench_stats import summary, time_ms
from tests.largest_household import largest_household

RUNS = int(os.environ.get("BENCH_RUNS", "20"))


def test_bench_import_and_claims_of_the_largest_household(station, data_dir, memory_keyring,
                                                          monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(keyring_store, "default_backend", lambda: memory_keyring)
    source = tmp_path / "largest.json"
    source.write_text(json.dumps(largest_household(), ensure_ascii=False, indent=2),
                      encoding="utf-8")

    def run(*args: str) -> str:
        code = admin(["--data-dir", str(data_dir), *args])
        out = capsys.readouterr()
        assert code == 0, out.err
        return out.out

    case_id = run("case", "import", str(source)).strip()
    rows = json.loads(run("case", "claims", case_id, "--json"))["claims"]
    imported = summary(time_ms(lambda: run("case", "import", str(source)), RUNS, warmup=2))
    claims = summary(time_ms(lambda: run("case", "claims", case_id, "--json"), RUNS, warmup=2))
    with capsys.disabled():
        print(f"\nlargest household ({source.stat().st_size // 1024} KiB, {len(rows)} claim "
              f"rows), {RUNS} samples")
        print(f"  case import   p50 {imported['p50']:.1f} ms  p99 {imported['p99']:.1f} ms")
        print(f"  case claims   p50 {claims['p50']:.1f} ms  p99 {claims['p99']:.1f} ms")
