"""`case import` fed arbitrary JSON and mutated households: exit 0 or 2, never a traceback.

The import runs in-process through the CLI's ``main`` (no subprocess per example). The three
generators share ``FVO_IMPORT_FUZZ_EXAMPLES`` documents (500 unless set: 40 % arbitrary JSON,
20 % arbitrary bytes, 40 % mutated fixture households); the issue's 10,000:
``FVO_IMPORT_FUZZ_EXAMPLES=10000 pytest tests/unit/test_import_properties.py -s`` (prints
how many were stored or refused and how long it took).
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli.main import main as admin
from kiosk.keys import keyring_store
from tests.households import FIXTURES

EXAMPLES = int(os.environ.get("FVO_IMPORT_FUZZ_EXAMPLES", "500"))
FIXTURE_NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))


def fuzz(share: float) -> settings:
    return settings(
        max_examples=max(1, round(EXAMPLES * share)),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


#: Any character, lone surrogates, controls and bidi overrides included.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)
evil_text = st.sampled_from(["\x00", "\x1b[31m", "\u202e", "\u2066", "\ud800", "\n",
                             "e\u0301", "x" * 5000, "2016-09-21\n", "1.85e5", ""])
scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=10**17)
           | st.floats(allow_nan=True, allow_infinity=True) | any_text | evil_text)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=6)
    | st.dictionaries(any_text | st.sampled_from(["id", "children", "applicant"]), inner,
                      max_size=6),
    max_leaves=40,
)


@pytest.fixture
def import_file(station, data_dir, memory_keyring, monkeypatch, capsys, tmp_path):
    """Import one document (bytes) through the CLI; returns (exit code, stderr)."""
    monkeypatch.setattr(keyring_store, "default_backend", lambda: memory_keyring)
    target = tmp_path / "fuzz.json"
    stats = {"runs": 0, "ok": 0, "refused": 0, "started": time.perf_counter(), "cli": 0.0,
             "slowest": 0.0}

    def run(raw: bytes) -> tuple[int, str]:
        target.write_bytes(raw)
        started = time.perf_counter()
        code = admin(["--data-dir", str(data_dir), "case", "import", str(target)])
        took = time.perf_counter() - started
        stats["cli"] += took
        stats["slowest"] = max(stats["slowest"], took)
        err = capsys.readouterr().err
        stats["runs"] += 1
        stats["ok" if code == 0 else "refused"] += 1
        return code, err

    run.stats = stats  # type: ignore[attr-defined]
    yield run
    elapsed = time.perf_counter() - stats["started"]
    print(f"\nimport fuzz: {stats['runs']} documents ({stats['ok']} stored, "
          f"{stats['refused']} refused) in {elapsed:.1f} s, {stats['cli']:.1f} s of it "
          f"in the import itself (slowest {stats['slowest'] * 1000:.0f} ms)")


def _check(code: int, err: str) -> None:
    assert code in (0, 2), err
    if code == 2:
        assert err.startswith("Fehler: ") and "Traceback" not in err
        assert "$" in err  # every refusal names where


def _encode(doc: Any, data: st.DataObject) -> bytes:
    style = data.draw(st.sampled_from(["ascii", "utf8", "indent"]))
    text = json.dumps(doc, ensure_ascii=style == "ascii", indent=2 if style == "indent" else None)
    return text.encode("utf-8", "surrogatepass")


@fuzz(0.4)
@given(doc=json_values, data=st.data())
def test_arbitrary_json_is_stored_or_refused_never_a_traceback(import_file, doc, data):
    _check(*import_file(_encode(doc, data)))


@fuzz(0.2)
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_are_refused_with_a_message(import_file, raw):
    _check(*import_file(raw))


def _slots(node: Any, path: tuple = ()) -> list[tuple]:
    """Every place inside ``node`` that a mutation can hit (the root excluded)."""
    out: list[tuple] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, value in items:
        out.append((*path, key))
        out.extend(_slots(value, (*path, key)))
    return out


def _parent(doc: Any, slot: tuple) -> Any:
    for key in slot[:-1]:
        doc = doc[key]
    return doc


@st.composite
def mutated_households(draw: st.DrawFn) -> Any:
    doc = json.loads((FIXTURES / f"{draw(st.sampled_from(FIXTURE_NAMES))}.json")
                     .read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        slots = _slots(doc)
        if not slots:
            break
        slot = draw(st.sampled_from(slots))
        parent, key = _parent(doc, slot), slot[-1]
        action = draw(st.sampled_from(["replace", "evil", "delete", "flood", "nest"]))
        if action == "replace":
            parent[key] = draw(json_values)
        elif action == "evil":
            value = parent[key]
            parent[key] = (value + draw(evil_text)) if isinstance(value, str) \
                else draw(scalars)
        elif action == "delete":
            del parent[key]
        elif action == "flood":  # the 8,000 children, in small
            parent[key] = [copy.deepcopy(parent[key])] * draw(st.integers(0, 120))
        else:
            parent[key] = {"x": [[parent[key]]]}
    return doc


@fuzz(0.4)
@given(doc=mutated_households(), data=st.data())
def test_mutated_households_are_stored_or_refused_never_a_traceback(import_file, doc, data):
    _check(*import_file(_encode(doc, data)))


def test_the_fixtures_themselves_are_stored(import_file):
    for name in FIXTURE_NAMES:
        code, err = import_file(Path(FIXTURES / f"{name}.json").read_bytes())
        assert code == 0, err
