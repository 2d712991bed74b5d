"""Picking up the scanner folder never lets a scan wait there for the next family: a folder
whose files could not be deleted is refused before anything is taken, and a claim that takes
no documents leaves every scan where it is, with the reason."""

from __future__ import annotations

import pytest

from kiosk.errors import KioskError
from kiosk.visit import scanner_inbox
from tests.unit.test_attachments import claim_id, jpeg_with_gps, visit  # noqa: F401 (fixtures)


def test_a_folder_the_kiosk_cannot_delete_from_is_refused_before_anything_is_taken(
        visit, claim_id, tmp_path, monkeypatch):  # noqa: F811
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    (inbox / "scan.jpg").write_bytes(jpeg_with_gps((600, 400)))
    monkeypatch.setattr(scanner_inbox.os, "access", lambda path, mode: False)
    with pytest.raises(KioskError) as refused:
        scanner_inbox.pick_up(visit, inbox, claim_id, "id_card")
    assert "schreibgeschützt" in refused.value.user_message
    assert visit.attachments(claim_id) == [] and (inbox / "scan.jpg").exists()


def test_a_claim_that_takes_no_documents_leaves_every_scan_in_the_folder(
        visit, claim_id, tmp_path):  # noqa: F811
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    for name in ("a.jpg", "b.jpg"):
        (inbox / name).write_bytes(jpeg_with_gps((600, 400)))
    visit.withdraw_case(visit.claim(claim_id).case_id)
    with pytest.raises(KioskError) as refused:
        scanner_inbox.pick_up(visit, inbox, claim_id, "id_card")
    assert refused.value.user_message
    assert sorted(p.name for p in inbox.iterdir()) == ["a.jpg", "b.jpg"]
