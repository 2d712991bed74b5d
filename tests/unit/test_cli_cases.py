"""The headless case path: import, list, show, claims, export (fvo-kiosk-admin case …)."""

from __future__ import annotations

import json
import stat

import pytest

from kiosk.cli.main import main as admin
from kiosk.keys import keyring_store
from kiosk.signature.recorded import recorded_signature
from tests import households


@pytest.fixture
def cli(station, data_dir, memory_keyring, monkeypatch, capsys):
    monkeypatch.setattr(keyring_store, "default_backend", lambda: memory_keyring)

    def run(*args: str) -> tuple[int, str, str]:
        code = admin(["--data-dir", str(data_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture
def household_file(tmp_path):
    path = tmp_path / "household.json"
    path.write_text(json.dumps(households.load(), ensure_ascii=False), encoding="utf-8")
    return path


def test_import_prints_the_case_id_and_the_case_is_listed(cli, household_file):
    code, out, _ = cli("case", "import", str(household_file))
    assert code == 0
    case_id = out.strip()
    code, out, _ = cli("case", "list", "--json")
    listed = json.loads(out)
    assert [c["case_id"] for c in listed] == [case_id]
    assert "Schneider" not in out  # the list carries no names
    code, out, _ = cli("case", "show", case_id, "--json")
    assert json.loads(out)["household"] == households.load()


def test_invalid_import_lists_every_problem_by_path_and_stores_nothing(cli, tmp_path):
    hh = households.load()
    hh["applicant"]["tax_id"] = "36554266806"  # fails the check digit
    hh["children"][0]["birth_date"] = "2999-01-01"
    del hh["applicant"]["family_name"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(hh), encoding="utf-8")
    code, _, err = cli("case", "import", str(bad))
    assert code == 2
    assert "$.applicant.tax_id" in err
    assert "$.children[0].birth_date" in err
    assert "family_name" in err
    assert json.loads(cli("case", "list", "--json")[1]) == []


@pytest.mark.parametrize(
    "content, words", [(b"{not json", "kein g\u00fcltiges JSON"), (b"\xff\xfe", "UTF-8")]
)
def test_unreadable_import_is_exit_2_with_a_plain_message(cli, tmp_path, content, words):
    f = tmp_path / "x.json"
    f.write_bytes(content)
    code, _, err = cli("case", "import", str(f))
    assert code == 2 and words in err and "Traceback" not in err


def test_missing_file_and_unknown_case_are_reported(cli, tmp_path):
    assert cli("case", "import", str(tmp_path / "nope.json"))[0] == 2
    code, _, err = cli("case", "show", "0" * 32)
    assert code == 2 and "gibt es nicht" in err


def test_claims_lists_hints_and_missing_items(cli, household_file, station):
    case_id = cli("case", "import", str(household_file))[1].strip()
    code, out, _ = cli("case", "claims", case_id, "--json")
    assert code == 0
    rows = json.loads(out)["claims"]
    by_benefit = {}
    for r in rows:
        by_benefit.setdefault(r["benefit"], []).append(r)
    assert "kindergeld" in by_benefit
    assert all(r["hint"] in {"likely", "possible", "not_applicable"} for r in rows)
    assert all(r["reason"] for r in rows)
    # Claim-own questions are unanswered, so every claim still lacks something.
    assert all(r["missing"] for r in rows if r["hint"] != "not_applicable")
    code, out_tr, _ = cli("case", "claims", case_id, "--json", "--lang", "tr")
    assert json.loads(out_tr)["claims"][0]["reason"] != rows[0]["reason"]
    code, human, _ = cli("case", "claims", case_id)
    assert "fehlt" in human


def test_export_holds_everything_about_the_family(cli, household_file, station, tmp_path):
    case_id = cli("case", "import", str(household_file))[1].strip()
    visit = station.visit("counsellor:1")
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    strokes = recorded_signature()
    visit.sign(claim_id, strokes, visit.summary(claim_id, "de").sha256)
    target = tmp_path / "export.json"
    code, _, _ = cli("case", "export", case_id, "--output", str(target))
    assert code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["household"] == households.load()
    assert doc["claims"][0]["signature"] == strokes
    assert "pending_input" in doc and "resume_at" in doc  # typed-but-invalid input too
    events = [e["event"] for e in doc["audit"]]
    assert events[0] == "case.created" and "claim.signed" in events
    assert doc["claims"][0]["sha256"] == visit.claim(claim_id).sha256
    # The export itself is audited (without personal data).
    assert station.store.audit_events(case_id)[-1]["event"] == "case.exported"
