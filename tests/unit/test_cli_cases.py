"""The headless case path: import, list, show, claims, export (fvo-kiosk-admin case …)."""

from __future__ import annotations

import base64
import contextlib
import json
import stat

import pytest

from kiosk.cli.main import main as admin
from kiosk.signature.recorded import recorded_signature
from tests import households


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
    # The documents held are in it too: the sealed claim PDF, byte for byte.
    stored = station.store.documents.get(claim_id)
    assert base64.b64decode(doc["claims"][0]["claim_pdf_base64"]) == stored.pdf
    assert doc["claims"][0]["attachments"] == []
    # The export itself is audited (without personal data).
    assert station.store.audit_events(case_id)[-1]["event"] == "case.exported"


# --- issue 8: invalid input is exit 2 with a message, never a traceback ----------------------


def _events(station, case_id):
    return [e["event"] for e in station.store.audit_events(case_id)]


@pytest.mark.parametrize(
    "content, words",
    [
        (b"[" * 100_000 + b"]" * 100_000, "verschachtelt"),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "verschachtelt"),
        (b"9" * 5000, "zu vielen Stellen"),
        (b'{"schema_version": 1, "applicant": {"id": "p1", "family_name": "\\ud800", '
         b'"given_names": null, "birth_date": null}}', "Surrogat"),
        (b"", "kein g\u00fcltiges JSON"),
    ],
    ids=["deep-array", "deep-object", "5000-digits", "lone-surrogate", "empty"],
)
def test_hostile_import_files_are_exit_2_with_the_json_path(cli, tmp_path, content, words):
    f = tmp_path / "x.json"
    f.write_bytes(content)
    code, out, err = cli("case", "import", str(f))
    assert (code, out) == (2, "")
    assert words in err and "$" in err and "Traceback" not in err
    assert json.loads(cli("case", "list", "--json")[1]) == []


@pytest.mark.parametrize("name, words", [("/dev/zero", "größer als"), ("", "Kein Dateiname")])
def test_dev_zero_and_an_empty_name_are_refused(cli, name, words):
    code, _, err = cli("case", "import", name)
    assert code == 2 and words in err


def test_a_directory_is_refused_as_import_file(cli, tmp_path):
    code, _, err = cli("case", "import", str(tmp_path))
    assert code == 2 and "Verzeichnis" in err


def test_money_with_an_exponent_is_refused_not_silently_ignored(cli, household_file):
    text = household_file.read_text(encoding="utf-8").replace("185000", "1.85e5", 1)
    household_file.write_text(text, encoding="utf-8")
    code, _, err = cli("case", "import", str(household_file))
    assert code == 2
    assert "$.applicant.incomes[0].amount_cents" in err and "Cent" in err


def test_import_stores_text_in_nfc(cli, household_file):
    import unicodedata

    hh = households.load()
    hh["applicant"]["family_name"] = unicodedata.normalize("NFD", "Müller")
    household_file.write_text(json.dumps(hh), encoding="utf-8")
    case_id = cli("case", "import", str(household_file))[1].strip()
    shown = json.loads(cli("case", "show", case_id, "--json")[1])
    assert shown["household"]["applicant"]["family_name"] == "Müller"


def test_import_reads_standard_input(cli, household_file, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(household_file.read_bytes())))
    code, out, _ = cli("case", "import", "-")
    assert code == 0 and len(out.strip()) == 32


def test_a_flood_of_problems_is_cut_short(cli, tmp_path):
    hh = households.load()
    hh["children"] = [{"id": f"c{i}"} for i in range(20)]  # 3 missing keys each
    f = tmp_path / "many.json"
    f.write_text(json.dumps(hh), encoding="utf-8")
    code, _, err = cli("case", "import", str(f))
    assert code == 2 and "weitere" in err
    assert len(err.splitlines()) < 60


# --- export: only into a regular file, audited only once written -----------------------------


@pytest.fixture
def case_id(cli, household_file):
    return cli("case", "import", str(household_file))[1].strip()


def _targets(tmp_path):
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere.json")
    return {
        "fifo": (str(fifo), "keine gewöhnliche Datei"),
        "directory": (str(tmp_path), "Verzeichnis"),
        "trailing-slash": (str(tmp_path / "new") + "/", "Verzeichnis"),
        "missing-directory": (str(tmp_path / "nope" / "x.json"), "gibt es nicht"),
        "empty": ("", "Kein Dateiname"),
        "symlink": (str(link), "symbolischer Link"),
    }


@pytest.mark.parametrize(
    "kind", ["fifo", "directory", "trailing-slash", "missing-directory", "empty", "symlink"]
)
def test_export_refuses_anything_but_a_regular_file(cli, case_id, station, tmp_path, kind):
    target, words = _targets(tmp_path)[kind]
    code, out, err = cli("case", "export", case_id, "-o", target)
    assert code == 2 and words in err and "Traceback" not in err
    assert "Schneider" not in out + err
    assert "case.exported" not in _events(station, case_id)
    if kind == "fifo":
        import stat as st

        assert st.S_ISFIFO((tmp_path / "fifo").stat().st_mode)  # not replaced by a file
    assert not (tmp_path / "elsewhere.json").exists()


def test_export_never_replaces_a_device_node(cli, case_id, station, tmp_path):
    import os

    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root (the issue's case: root, /dev/full)")
    device = tmp_path / "full"
    os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 7))  # like /dev/full
    code, _, err = cli("case", "export", case_id, "-o", str(device))
    assert code == 2 and "Gerät" in err
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert "case.exported" not in _events(station, case_id)


def test_export_overwrites_a_regular_file_atomically_with_mode_0600(cli, case_id, tmp_path):
    target = tmp_path / "export.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    code, out, _ = cli("case", "export", case_id, "-o", str(target))
    assert code == 0 and "Export geschrieben" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["case_id"] == case_id
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_failed_export_write_is_exit_1_and_not_audited(cli, case_id, station, tmp_path,
                                                        monkeypatch):
    import errno

    from kiosk.cli import export_file

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_file, "write_atomic", full_disk)
    code, _, err = cli("case", "export", case_id, "-o", str(tmp_path / "x.json"))
    assert code == 1 and "nicht geschrieben" in err
    assert "case.exported" not in _events(station, case_id)


def test_a_failed_export_to_stdout_is_exit_1_and_not_audited(cli, case_id, station, data_dir):
    import errno

    class FullStdout:
        def write(self, _text):
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self):
            pass

    # redirect_stdout, not monkeypatch: capsys (of `cli`) must get its own stream back.
    with contextlib.redirect_stdout(FullStdout()):
        code = admin(["--data-dir", str(data_dir), "case", "export", case_id])
    assert code == 1
    assert "case.exported" not in _events(station, case_id)


def test_a_successful_export_to_stdout_is_audited(cli, case_id, station):
    code, out, _ = cli("case", "export", case_id)
    assert code == 0 and json.loads(out)["case_id"] == case_id
    assert _events(station, case_id)[-1] == "case.exported"
