"""What the family takes home: the stored claim PDFs and the handout through the visit
operations, saved to a folder (regular files only, names without personal data) or handed to
the print queue (a fake `lp` on PATH records what it got)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pikepdf
import pytest

from kiosk.errors import InvalidInput, KioskError
from kiosk.signature.recorded import recorded_signature
from kiosk.visit.takeaway import NO_LP, PrintFailed, print_pdf
from tests import households
from tests.fake_lp import install as fake_lp_on_path

ACTOR = "counsellor:1"
NAME = re.compile(r"[0-9a-f]{32}-[a-z_]+(-\d)?\.pdf")


def _sign(visit, case_id: str, benefit: str, subject: str | None) -> str:
    claim_id = visit.add_claim(case_id, benefit, subject)
    visit.sign(claim_id, recorded_signature(), visit.summary(claim_id, "de").sha256)
    return claim_id


@pytest.fixture
def family(station):
    """A Turkish-speaking single parent with two signed claims of the same benefit (one per
    child), a draft claim, and a claim superseded by its correction."""
    household = households.load("single_parent_three_children")
    household["language"] = "tr"
    visit = station.visit(ACTOR)
    case_id = visit.create_case(household)
    signed = [_sign(visit, case_id, "unterhaltsvorschuss", c) for c in ("c1", "c2")]
    old = _sign(visit, case_id, "kindergeld", None)
    draft = visit.correct(old)
    return visit, case_id, signed, draft, old, household


def _lang(pdf: bytes) -> str:
    import io
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return str(doc.Root.get("/Lang", ""))


# --- the documents ---------------------------------------------------------------------------
def test_claim_pdf_is_the_stored_sealed_pdf_and_a_draft_has_none(station, family):
    visit, _case_id, signed, draft, _old, _ = family
    stored = station.store.documents.get(signed[0])
    assert stored is not None and stored.sealed
    assert visit.claim_pdf(signed[0]) == stored.pdf == visit.claim_pdf(signed[0])
    with pytest.raises(InvalidInput) as refused:
        visit.claim_pdf(draft)
    assert "kein PDF" in refused.value.user_message


def test_handout_is_in_the_familys_language_unless_another_is_chosen(family):
    visit, case_id, *_ = family
    assert _lang(visit.handout_pdf(case_id)).startswith("tr")
    assert _lang(visit.handout_pdf(case_id, "ar")).startswith("ar")
    with pytest.raises(InvalidInput):
        visit.handout_pdf(case_id, "xx")


def test_the_family_copy_is_the_signed_claims_only(family):
    visit, case_id, signed, draft, old, _ = family
    assert visit.family_copy_claims(case_id) == signed  # not the draft, not the superseded
    assert draft not in signed and old not in signed


# --- saving -----------------------------------------------------------------------------------
def test_saving_writes_the_stored_bytes_and_the_handout_named_without_personal_data(
        station, family, tmp_path):
    visit, case_id, signed, _draft, _old, household = family
    stick = tmp_path / "stick"
    stick.mkdir()
    paths = visit.save_for_family(case_id, stick, None)
    names = [p.name for p in paths]
    assert names == [f"{case_id}-unterhaltsvorschuss.pdf", f"{case_id}-unterhaltsvorschuss-2.pdf",
                     f"{case_id}-merkblatt-tr.pdf"]
    assert sorted(os.listdir(stick)) == sorted(names)  # no temp file left behind
    for claim_id, path in zip(signed, paths, strict=False):
        assert path.read_bytes() == station.store.documents.get(claim_id).pdf
    assert paths[2].read_bytes().startswith(b"%PDF") and _lang(paths[2].read_bytes()) == "tr"
    people = [household["applicant"], *household["children"]]
    personal = {p[k] for p in people for k in ("family_name", "given_names", "birth_date")
                if p.get(k)}
    assert personal
    for path in paths:
        assert NAME.fullmatch(path.name) or path.name.endswith("-merkblatt-tr.pdf")
        assert not any(str(value).lower() in path.name.lower() for value in personal)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Saved again (same stick), the files are replaced, not doubled.
    visit.save_for_family(case_id, stick, "de")
    assert len(os.listdir(stick)) == 4  # + the German handout
    assert (stick / f"{case_id}-merkblatt-de.pdf").is_file()


@pytest.mark.parametrize("target", ["missing", "file", "dir", "fifo", "symlink"])
def test_saving_refuses_what_is_not_a_folder_or_not_a_regular_file(family, tmp_path, target):
    visit, case_id, *_ = family
    stick = tmp_path / "stick"
    stick.mkdir()
    folder, blocked = stick, stick / f"{case_id}-unterhaltsvorschuss-2.pdf"
    if target == "missing":
        folder = tmp_path / "no-such-stick"
    elif target == "file":
        folder = tmp_path / "a-file"
        folder.write_bytes(b"x")
    elif target == "dir":
        blocked.mkdir()
    elif target == "fifo":
        os.mkfifo(blocked)
    else:
        (tmp_path / "elsewhere").write_bytes(b"keep")
        blocked.symlink_to(tmp_path / "elsewhere")
    before = sorted(os.listdir(stick))
    with pytest.raises(InvalidInput) as refused:
        visit.save_for_family(case_id, folder, None)
    assert refused.value.user_message
    assert sorted(os.listdir(stick)) == before  # every target is checked before the first write
    if target == "symlink":
        assert (tmp_path / "elsewhere").read_bytes() == b"keep"
    if target == "fifo":
        assert stat.S_ISFIFO(os.lstat(blocked).st_mode)


# --- printing ---------------------------------------------------------------------------------
@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    """A fake `lp` first on PATH; returns the jobs it got as (args, stdin bytes)."""
    return fake_lp_on_path(tmp_path, monkeypatch)


def test_print_hands_the_bytes_to_lp_with_printer_and_copies(fake_lp):
    print_pdf("Buero_2OG", 3, b"%PDF-1.7 claim bytes")
    assert fake_lp() == [(["-d", "Buero_2OG", "-n", "3", "-"], b"%PDF-1.7 claim bytes")]


def test_a_failing_lp_gives_a_german_message(fake_lp, monkeypatch):
    monkeypatch.setenv("FAKE_LP_FAIL", "1")
    with pytest.raises(PrintFailed) as failed:
        print_pdf("Buero", 1, b"%PDF")
    assert failed.value.user_message == ("Der Drucker „Buero“ hat den Auftrag nicht "
                                         "angenommen. Bitte den Drucker prüfen oder "
                                         "„Speichern“ nutzen.")


def test_without_lp_printing_says_so_in_german(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(PrintFailed) as failed:
        print_pdf("Buero", 1, b"%PDF")
    assert failed.value.user_message == NO_LP and "„lp“ fehlt" in NO_LP


def test_a_hanging_lp_times_out_with_a_german_message(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "lp").write_text("#!/bin/sh\nexec sleep 5\n")
    (bin_dir / "lp").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(PrintFailed) as failed:
        print_pdf("Buero", 1, b"%PDF", timeout=0.5)
    assert "antwortet nicht" in failed.value.user_message


@pytest.mark.parametrize(("printer", "copies"), [("", 1), ("-x evil", 1), ("a/b", 1), ("-x", 1),
                                                  ("Buero", 0), ("Buero", 21)])
def test_print_refuses_a_bad_printer_or_count_before_lp_runs(fake_lp, printer, copies):
    with pytest.raises(InvalidInput):
        print_pdf(printer, copies, b"%PDF")
    assert fake_lp() == []


def test_printing_for_the_family_queues_each_claim_and_the_handout(station, family, fake_lp):
    visit, case_id, signed, *_ = family
    assert visit.print_for_family(case_id, "Buero", 2, "ar") == 3
    jobs = fake_lp()
    assert [args for args, _ in jobs] == [["-d", "Buero", "-n", "2", "-"]] * 3
    assert [data for _, data in jobs[:2]] == [station.store.documents.get(c).pdf
                                              for c in signed]
    assert _lang(jobs[2][1]) == "ar"


def test_a_print_failing_midway_says_how_much_was_printed(family, fake_lp, monkeypatch):
    visit, case_id, *_ = family
    from kiosk.visit import takeaway
    real, calls = takeaway.print_pdf, []

    def second_fails(printer, copies, pdf, timeout=takeaway.LP_TIMEOUT_S):
        calls.append(pdf)
        if len(calls) == 2:
            monkeypatch.setenv("FAKE_LP_FAIL", "1")
        real(printer, copies, pdf, timeout)

    monkeypatch.setattr(takeaway, "print_pdf", second_fails)
    with pytest.raises(KioskError) as failed:
        visit.print_for_family(case_id, "Buero", 1)
    assert "(1 von 3 Dokumenten sind gedruckt.)" in failed.value.user_message


def test_paths_are_returned_as_paths(family, tmp_path):
    visit, case_id, *_ = family
    assert all(isinstance(p, Path) for p in visit.save_for_family(case_id, str(tmp_path)))
