"""Supporting documents on the claims screen: "Nachweis hinzufügen" per missing document
(the file dialog), the attached ones listed with "entfernen", refusals said in German."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.ui.test_intake_support import open_claims, single_parent_household
from tests.unit.test_attachments import ELF, jpeg_with_gps

BIRTH_CERTIFICATE = "Geburtsurkunde des Kindes"


def _uvg_block(qtbot, station):
    window, screen = open_claims(qtbot, station, single_parent_household())
    screen.add_claim("unterhaltsvorschuss", "c1")
    qtbot.waitUntil(lambda: screen.ready and bool(screen.claim_blocks), timeout=10000)
    (claim_id, block), = screen.claim_blocks.items()
    return window, screen, claim_id, block


def _choose(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def _add_button(block):
    return next(b for d, b in block.document_buttons.items() if d.startswith("birth_cert"))


def test_attaching_from_the_file_dialog_ticks_the_document_off(qtbot, demo_station,
                                                                monkeypatch, tmp_path):
    _window, screen, claim_id, block = _uvg_block(qtbot, demo_station)
    assert BIRTH_CERTIFICATE in block.gaps.text()
    button = _add_button(block)
    assert button.text() == "Nachweis hinzufügen"
    assert button.accessibleName().startswith(f"Nachweis hinzufügen: {BIRTH_CERTIFICATE}")
    assert button.minimumHeight() >= 48
    photo = tmp_path / "urkunde.jpg"
    photo.write_bytes(jpeg_with_gps((3000, 2000)))
    _choose(monkeypatch, photo)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and bool(screen.claim_blocks[claim_id].attachments),
                    timeout=10000)
    block = screen.claim_blocks[claim_id]
    assert BIRTH_CERTIFICATE not in block.gaps.text()
    assert not any(d.startswith("birth_cert") for d in block.document_buttons)
    [attachment] = block.attachments
    assert attachment.mime == "image/jpeg"
    remove = block.remove_buttons[attachment.id]
    assert remove.text() == "entfernen" and remove.minimumHeight() >= 48
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and not screen.claim_blocks[claim_id].attachments,
                    timeout=10000)
    assert BIRTH_CERTIFICATE in screen.claim_blocks[claim_id].gaps.text()


def test_disguised_file_is_refused_with_a_german_message(qtbot, demo_station, monkeypatch,
                                                         tmp_path):
    _window, screen, claim_id, block = _uvg_block(qtbot, demo_station)
    fake = tmp_path / "urkunde.pdf"
    fake.write_bytes(ELF)
    _choose(monkeypatch, fake)
    qtbot.mouseClick(_add_button(block), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: block.attach_problem.isVisible(), timeout=10000)
    assert "„urkunde.pdf“ ist kein PDF, JPEG oder PNG" in block.attach_problem.text()
    assert _add_button(block).isEnabled()
    assert demo_station.visit("counsellor:1").attachments(claim_id) == []


def test_cancelled_dialog_changes_nothing(qtbot, demo_station, monkeypatch):
    _window, screen, claim_id, block = _uvg_block(qtbot, demo_station)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    qtbot.mouseClick(_add_button(block), Qt.MouseButton.LeftButton)
    assert not block.attach_problem.isVisible()
    assert screen.claim_blocks[claim_id] is block


@pytest.fixture
def large_text():
    from PySide6.QtWidgets import QApplication

    from ui import style

    yield True
    style.apply(QApplication.instance())  # the style is application-wide


def test_claims_with_attachments_fit_1024_in_large_text(qtbot, demo_station, large_text):
    from tests.ui.test_fit_screens import _sized, fit_problems
    from tests.ui.test_intake_support import log_in, open_window

    window = open_window(qtbot, demo_station)
    _sized(window, (1024, 768), large_text)
    log_in(qtbot, window)
    visit = window.session.visit
    case_id = visit.create_case(single_parent_household())
    claim_id = visit.add_claim(case_id, "unterhaltsvorschuss", "c1")
    missing = [m.id for m in visit.questions(claim_id).missing if m.kind == "document"]
    visit.attach(claim_id, missing[0], "urkunde.jpg", jpeg_with_gps((600, 400)))
    screen = window.show_screen("claims", case_id=case_id)
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)
    block = screen.claim_blocks[claim_id]
    assert block.remove_buttons and block.attachments
    assert fit_problems("claims with attachments", window) == []


def test_a_document_for_a_claim_already_on_its_way_is_said_to_follow_it(qtbot, station,
                                                                         monkeypatch, tmp_path):
    from kiosk.signature.recorded import recorded_signature
    from tests import households

    window, screen = open_claims(qtbot, station, households.load("single_parent_three_children"))
    visit = window.session.visit
    claim_id = visit.add_claim(screen.case_id, "unterhaltsvorschuss", "c1")
    visit.sign(claim_id, recorded_signature(1), visit.summary(claim_id, "de").sha256)
    station.store.outbox.announced(claim_id, "dest", "sub-1", "case-1", "kid", [])  # it left
    screen.reload()
    qtbot.waitUntil(lambda: screen.ready and claim_id in screen.claim_blocks, timeout=10000)
    block = screen.claim_blocks[claim_id]
    assert not block.attach_notice.isVisible()
    photo = tmp_path / "urkunde.jpg"
    photo.write_bytes(jpeg_with_gps((1200, 900)))
    _choose(monkeypatch, photo)
    qtbot.mouseClick(_add_button(block), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and bool(screen.claim_blocks[claim_id].attachments),
                    timeout=10000)
    notice = screen.claim_blocks[claim_id].attach_notice
    assert notice.isVisibleTo(screen) and "Nachreichung" in notice.text()
    [followup] = station.store.outbox.followups.of_claim(claim_id)
    assert followup.state == "queued"
