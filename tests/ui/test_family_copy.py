"""The claims screen's "Für die Familie": the counsellor prints (Qt print dialog, then the
print queue — a fake `lp`) or saves (a folder, e.g. a USB stick) the signed claims' PDFs and
the handout in the family's language, and reads on screen what happened."""

from __future__ import annotations

import io
import os

import pikepdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog

from kiosk.signature.recorded import recorded_signature
from kiosk.visit.takeaway import NO_LP
from tests import households
from tests.fake_lp import install as fake_lp_on_path
from tests.ui.helpers import log_in, open_window
from ui.screens.claims import NO_PRINTER, NO_SIGNED_CLAIM


def _open(qtbot, station, language: str | None = "uk", sign: bool = True):
    """A case with a signed Kindergeld claim (household language ``language``), on its
    claims screen."""
    window = open_window(qtbot, station)
    log_in(qtbot, window)
    visit = window.session.visit
    household = households.load("single_parent_three_children")
    if language:
        household["language"] = language
    case_id = visit.create_case(household)
    claim_id = visit.add_claim(case_id, "kindergeld", None)
    if sign:
        visit.sign(claim_id, recorded_signature(), visit.summary(claim_id, "de").sha256)
    screen = window.show_screen("claims", case_id=case_id)
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)
    return screen, claim_id


def _lang(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return str(doc.Root.get("/Lang", ""))


def _folder_dialog(monkeypatch, answer: str, meanwhile=None) -> list[tuple]:
    asked: list[tuple] = []

    def choose(*args, **kwargs):
        asked.append(args)
        if meanwhile is not None:
            meanwhile()
        return answer

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(choose))
    return asked


def _print_dialog(monkeypatch, printer: str, copies: int, accept: bool = True,
                  meanwhile=None) -> list[int]:
    """The print dialog as if the counsellor chose ``printer`` and ``copies``."""
    shown: list[int] = []

    def exec_(dialog):
        shown.append(1)
        if meanwhile is not None:
            meanwhile()
        dialog.printer().setCopyCount(copies)
        return int(QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: [QPrinterInfo()]))
    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    monkeypatch.setattr(QPrinter, "printerName", lambda _self: printer)
    return shown


def _wait_done(qtbot, area) -> None:
    qtbot.waitUntil(lambda: area.print_button.isEnabled()
                    and not area.message.text().startswith("Wird"), timeout=15000)


def test_saving_puts_the_claim_and_the_handout_in_the_chosen_folder(qtbot, station,
                                                                    monkeypatch, tmp_path):
    screen, claim_id = _open(qtbot, station, "uk")
    area = screen.family_copy
    assert area.isVisibleTo(screen) and area.save_button.isEnabled()
    assert area.language.currentText() == "Українська"  # the household's language
    stick = tmp_path / "USB-STICK"
    stick.mkdir()
    asked = _folder_dialog(monkeypatch, str(stick))
    qtbot.mouseClick(area.save_button, Qt.MouseButton.LeftButton)
    _wait_done(qtbot, area)
    assert len(asked) == 1
    assert area.message.text() == (f"Gespeichert in „{stick}“: 1 Antrag und das Merkblatt "
                                   "(Українська), 2 Dateien.")
    assert area.message.objectName() == "hint"
    case_id = screen.case_id
    assert sorted(os.listdir(stick)) == sorted([f"{case_id}-kindergeld.pdf",
                                                f"{case_id}-merkblatt-uk.pdf"])
    assert (stick / f"{case_id}-kindergeld.pdf").read_bytes() \
        == station.store.documents.get(claim_id).pdf
    assert _lang((stick / f"{case_id}-merkblatt-uk.pdf").read_bytes()) == "uk"


def test_a_folder_that_is_gone_is_refused_and_cancel_does_nothing(qtbot, station, monkeypatch,
                                                                   tmp_path):
    screen, _ = _open(qtbot, station)
    area = screen.family_copy
    _folder_dialog(monkeypatch, "")
    qtbot.mouseClick(area.save_button, Qt.MouseButton.LeftButton)
    assert area.message.text() == ""  # cancelled: nothing said, nothing written

    gone = tmp_path / "stick-pulled-out"
    _folder_dialog(monkeypatch, str(gone))
    qtbot.mouseClick(area.save_button, Qt.MouseButton.LeftButton)
    _wait_done(qtbot, area)
    assert area.message.text() == f"Das Verzeichnis {gone} gibt es nicht."
    assert area.message.objectName() == "problem"
    assert not gone.exists()


def test_printing_sends_each_document_to_the_chosen_printer_and_copies(qtbot, station,
                                                                       monkeypatch, tmp_path):
    screen, claim_id = _open(qtbot, station, "uk")
    area = screen.family_copy
    jobs = fake_lp_on_path(tmp_path, monkeypatch)
    shown = _print_dialog(monkeypatch, "Buero_2OG", 2)
    area.language.setCurrentIndex(area.language.findData("ar"))  # the counsellor picks Arabic
    qtbot.mouseClick(area.print_button, Qt.MouseButton.LeftButton)
    _wait_done(qtbot, area)
    assert shown == [1]
    assert area.message.text() == ("An „Buero_2OG“ gesendet: 1 Antrag und das Merkblatt "
                                   "(العربية), je 2 Exemplare.")
    got = jobs()
    assert [args for args, _ in got] == [["-d", "Buero_2OG", "-n", "2", "-"]] * 2
    assert got[0][1] == station.store.documents.get(claim_id).pdf
    assert _lang(got[1][1]) == "ar"


def test_a_printer_that_refuses_is_named_in_german(qtbot, station, monkeypatch, tmp_path):
    screen, _ = _open(qtbot, station)
    area = screen.family_copy
    fake_lp_on_path(tmp_path, monkeypatch)
    monkeypatch.setenv("FAKE_LP_FAIL", "1")
    _print_dialog(monkeypatch, "Buero", 1)
    qtbot.mouseClick(area.print_button, Qt.MouseButton.LeftButton)
    _wait_done(qtbot, area)
    assert area.message.text() == ("Der Drucker „Buero“ hat den Auftrag nicht angenommen. "
                                   "Bitte den Drucker prüfen oder „Speichern“ nutzen.")
    assert area.message.objectName() == "problem"


def test_without_lp_the_screen_says_printing_is_not_set_up(qtbot, station, monkeypatch,
                                                            tmp_path):
    screen, _ = _open(qtbot, station)
    area = screen.family_copy
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp anywhere
    _print_dialog(monkeypatch, "Buero", 1)
    qtbot.mouseClick(area.print_button, Qt.MouseButton.LeftButton)
    _wait_done(qtbot, area)
    assert area.message.text() == NO_LP


@pytest.mark.parametrize("case", ["no printer set up", "dialog cancelled"])
def test_no_printer_or_a_cancelled_dialog_prints_nothing(qtbot, station, monkeypatch, tmp_path,
                                                         case):
    screen, _ = _open(qtbot, station)
    area = screen.family_copy
    jobs = fake_lp_on_path(tmp_path, monkeypatch)
    shown = _print_dialog(monkeypatch, "Buero", 1, accept=False)
    if case == "no printer set up":
        monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    qtbot.mouseClick(area.print_button, Qt.MouseButton.LeftButton)
    if case == "no printer set up":
        assert area.message.text() == NO_PRINTER and shown == []
    else:
        assert area.message.text() == "" and shown == [1]
    assert jobs() == []


@pytest.mark.parametrize("action", ["save", "print"])
def test_a_lock_while_a_dialog_is_open_prints_and_saves_nothing(qtbot, station, monkeypatch,
                                                                 tmp_path, action):
    screen, _ = _open(qtbot, station)
    area, window = screen.family_copy, screen.window()
    jobs = fake_lp_on_path(tmp_path, monkeypatch)
    stick = tmp_path / "stick"
    stick.mkdir()
    # The dialog was left open until the kiosk locked itself; then someone picks.
    if action == "save":
        _folder_dialog(monkeypatch, str(stick), meanwhile=lambda: window.lock("idle"))
        area.save_copy()
    else:
        _print_dialog(monkeypatch, "Buero", 1, meanwhile=lambda: window.lock("idle"))
        area.print_copy()
    qtbot.wait(1000)
    assert os.listdir(stick) == [] and jobs() == []
    assert window.current_screen_name != "claims"


def test_without_a_signed_claim_there_is_nothing_to_take_home(qtbot, station):
    screen, _ = _open(qtbot, station, None, sign=False)
    area = screen.family_copy
    assert area.language.currentData() == "de"  # no household language: German
    for button in (area.print_button, area.save_button):
        assert not button.isEnabled() and button.toolTip() == NO_SIGNED_CLAIM


@pytest.mark.parametrize("contrast", [False, True], ids=["large", "large-high-contrast"])
def test_the_area_fits_and_is_touch_sized_at_1024x768_in_large_text(qtbot, station, contrast):
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_accessibility import accessibility_problems
    from tests.ui.test_fit_screens import _sized, fit_problems, window_problems
    from ui import style

    screen, _ = _open(qtbot, station)
    window, area = screen.window(), screen.family_copy
    try:
        _sized(window, (1024, 768), True, contrast)
        with qtbot.waitActive(window):
            window.activateWindow()
        buttons = [area.print_button, area.save_button, area.language]
        where = [b.mapTo(window, b.rect().topLeft()) for b in buttons]
        problems = fit_problems("claims/family copy", window)
        for text, problem in ((NO_PRINTER, True), (NO_LP, True), (
                "Gespeichert in „/media/beraterin/USB-STICK-FAMILIE“: 3 Anträge und das "
                "Merkblatt (Українська), 4 Dateien.", False), (
                "Der Drucker „Buero_2OG_Farbe“ hat den Auftrag nicht angenommen. Bitte den "
                "Drucker prüfen oder „Speichern“ nutzen. (2 von 4 Dokumenten sind gedruckt.)",
                True)):
            area.say(text, problem)
            QApplication.processEvents()
            problems += fit_problems(f"claims/family copy: {text[:20]}", window)
            # A message appearing moves none of the buttons under the finger.
            assert [b.mapTo(window, b.rect().topLeft()) for b in buttons] == where
        problems += window_problems("claims/family copy", window, (1024, 768))
        problems += accessibility_problems("claims", screen)
        assert not problems, "\n".join(problems)
        assert all(b.height() >= 48 and b.accessibleName() for b in buttons)
        if os.environ.get("FAMILY_COPY_SHOT"):  # a look by eye: FAMILY_COPY_SHOT=file.png
            window.grab().save(os.environ["FAMILY_COPY_SHOT"] + f"-{int(contrast)}.png")
    finally:  # the style is application-wide
        window.high_contrast_switch.setChecked(False)
        window.large_text_switch.setChecked(False)
        style.apply(QApplication.instance())
