"""The scanner folder on the claims screen: with a `scanner_folder` in the station
configuration, every missing document has "Vom Scanner holen (N)", which counts the scans
waiting there as they arrive and attaches them; refused scans stay, named with why."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from kiosk.app import Station
from kiosk.config import CONFIG_FILE
from kiosk.resources import resource_path
from tests.config_trust import sign_config
from tests.ui.test_intake_support import open_claims, single_parent_household
from tests.unit.test_attachments import ELF, jpeg_with_gps


def _with_scanner(station: Station, keyring, folder: str | None) -> Station:
    """The same station, its configuration naming ``folder`` as the scanner folder (None:
    no scanner)."""
    doc = json.loads(resource_path("station", "demo.json").read_text(encoding="utf-8"))
    doc.pop("scanner_folder", None)
    if folder is not None:
        doc["scanner_folder"] = folder
    path = station.dir.path / CONFIG_FILE
    path.write_text(json.dumps(doc), encoding="utf-8")
    sign_config(path)
    data_dir = station.dir.path
    station.close()
    return Station.open(data_dir, keyring_backend=keyring)


@pytest.fixture
def scanner_station(demo_station, memory_keyring):
    station = _with_scanner(demo_station, memory_keyring, "scanner")
    yield station
    station.close()


def _block(qtbot, station):
    window, screen = open_claims(qtbot, station, single_parent_household())
    screen.add_claim("unterhaltsvorschuss", "c1")
    qtbot.waitUntil(lambda: screen.ready and bool(screen.claim_blocks), timeout=10000)
    (claim_id, block), = screen.claim_blocks.items()
    return screen, claim_id, block


def _scan_button(block):
    return next(b for d, b in block.scanner_buttons.items() if d.startswith("birth_cert"))


def test_scans_arriving_are_counted_and_attached_with_one_tap(qtbot, scanner_station):
    folder = scanner_station.dir.path / "scanner"
    screen, claim_id, block = _block(qtbot, scanner_station)
    assert folder.is_dir() and oct(folder.stat().st_mode & 0o777) == "0o700"
    button = _scan_button(block)
    assert button.text() == "Vom Scanner: nichts da" and not button.isEnabled()
    assert button.minimumHeight() >= 48
    assert button.accessibleName().startswith("Scan aus dem Scanner-Ordner holen: ")
    (folder / "scan-0001.jpg").write_bytes(jpeg_with_gps((1200, 900)))
    screen.scanner.refresh()  # the watcher's notice, without waiting for inotify
    qtbot.waitUntil(lambda: button.text() == "Vom Scanner holen (1)", timeout=5000)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and bool(screen.claim_blocks[claim_id].attachments),
                    timeout=10000)
    block = screen.claim_blocks[claim_id]
    [attachment] = block.attachments
    assert attachment.mime == "image/jpeg" and attachment.document_id.startswith("birth_cert")
    assert not any(d.startswith("birth_cert") for d in block.scanner_buttons)
    assert list(folder.iterdir()) == []  # kept encrypted, so gone from the folder


def test_a_refused_scan_stays_in_the_folder_and_is_named(qtbot, scanner_station):
    folder = scanner_station.dir.path / "scanner"
    screen, claim_id, block = _block(qtbot, scanner_station)
    (folder / "scan-0002.pdf").write_bytes(ELF)
    screen.scanner.refresh()
    qtbot.waitUntil(lambda: _scan_button(block).isEnabled(), timeout=5000)
    qtbot.mouseClick(_scan_button(block), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and screen.claim_blocks[claim_id] is not block,
                    timeout=10000)
    block = screen.claim_blocks[claim_id]
    assert block.attach_problem.isVisible()
    assert "scan-0002.pdf" in block.attach_problem.text()
    assert "kein PDF, JPEG oder PNG" in block.attach_problem.text()
    assert [p.name for p in folder.iterdir()] == ["scan-0002.pdf"]
    assert block.attachments == []


def test_an_unreachable_scanner_share_is_said_not_hidden(qtbot, demo_station, memory_keyring,
                                                         tmp_path):
    gone = tmp_path / "share-not-mounted"
    station = _with_scanner(demo_station, memory_keyring, str(gone))
    try:
        screen, _claim_id, block = _block(qtbot, station)
        qtbot.waitUntil(lambda: _scan_button(block).text() == "Scanner-Ordner nicht erreichbar",
                        timeout=5000)
        assert not _scan_button(block).isEnabled()
        assert not gone.exists()  # a folder outside the data directory is never created
        gone.mkdir()
        (gone / "a.png").write_bytes(b"x")
        (gone / "b.jpg.part").write_bytes(b"x")  # still being written: not counted
        screen.scanner.refresh()
        qtbot.waitUntil(lambda: _scan_button(block).text() == "Vom Scanner holen (1)",
                        timeout=5000)
    finally:
        station.close()


def test_without_a_scanner_folder_there_is_no_scanner_button(qtbot, demo_station,
                                                               memory_keyring):
    station = _with_scanner(demo_station, memory_keyring, None)
    try:
        _screen, _claim_id, block = _block(qtbot, station)
        assert block.document_buttons and not block.scanner_buttons
        with pytest.raises(Exception) as refused:
            station.visit("counsellor:1").pick_up_scans("x", "id_card")
        assert "kein Scanner-Ordner" in getattr(refused.value, "user_message", "")
    finally:
        station.close()
