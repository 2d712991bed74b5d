"""At the screens, driven through the real widgets: an edit after signing names the signed
claims it changes and leads to their correction; the other parent is copied from a sibling;
month fields read MM.JJJJ, the IBAN in groups of four; the required star follows the whole
label; the window title names the kiosk once; chosen hints shrink to one line each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel, QPushButton

from kiosk.forms.messages import field_message
from kiosk.signature.recorded import recorded_signature
from tests import households
from tests.ui.helpers import open_window
from tests.ui.test_intake_support import (
    household_of,
    open_claims,
    open_intake,
    single_parent_household,
    type_into,
)


def _sign(visit, case_id, benefit, subject=None) -> str:
    claim_id = visit.add_claim(case_id, benefit, subject)
    visit.sign(claim_id, recorded_signature(1), visit.summary(claim_id, "de").sha256)
    return claim_id


def _titles(visit, case_id) -> dict[str, str]:
    return {r.claim.id: f"{r.title} – {r.subject_name}"
            for r in visit.claims_overview(case_id).claims}


def test_an_edit_after_signing_names_the_claim_and_leads_to_its_correction(qtbot, station):
    window, intake = open_intake(qtbot, station,
                                 households.load("single_parent_three_children"),
                                 step="other_parent")
    visit = window.session.visit
    case_id = intake.case_id
    uv_emre = _sign(visit, case_id, "unterhaltsvorschuss", "c1")
    uv_elif = _sign(visit, case_id, "unterhaltsvorschuss", "c2")
    titles = _titles(visit, case_id)
    intake.show_step("other_parent")
    assert not intake.resign.isVisibleTo(intake)  # all signed claims are still true

    # The counsellor corrects the first name of Elif's father, after both were signed.
    name = intake.widget_for("given_names", 1)
    field_top = name.mapTo(intake, name.rect().topLeft())
    type_into(qtbot, name, "Mehmet")
    assert intake.resign.isVisibleTo(intake)
    assert intake.resign_label.text() == (
        f"Diese Änderung braucht eine neue Unterschrift für: {titles[uv_elif]}.")
    assert titles[uv_emre] not in intake.resign_label.text()  # unchanged claims stay
    assert name.mapTo(intake, name.rect().topLeft()) == field_top  # the field did not move
    # Saved, the signed claim kept as signed, the change audited once.
    assert household_of(station, case_id)["children"][1]["other_parent"]["given_names"] \
        == "Mehmet"
    assert visit.claim(uv_elif).state == "queued"  # signed, waiting to be sent
    events = [e["event"] for e in station.store.audit_events(case_id)]
    assert events.count(f"claim.changed_since_signing:{uv_elif}") == 1

    # The way to the correction: the claims screen, the claim marked, correct and re-sign.
    qtbot.mouseClick(intake.resign_button, Qt.MouseButton.LeftButton)
    claims = window.current_screen
    assert window.current_screen_name == "claims"
    qtbot.waitUntil(lambda: claims.ready, timeout=10000)
    block = claims.claim_blocks[uv_elif]
    assert block.changed_note is not None and block.changed_note.isVisibleTo(claims)
    assert claims.claim_blocks[uv_emre].changed_note is None
    qtbot.mouseClick(block.correct_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: claims.ready and uv_elif not in claims.claim_blocks, timeout=10000)
    assert visit.claim(uv_elif).state == "superseded"

    # Back in the intake nothing needs a new signature any more.
    claims.open_intake("other_parent")
    intake = window.current_screen
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    assert not intake.resign.isVisibleTo(intake)


def test_the_other_parent_is_taken_over_from_a_sibling(qtbot, station):
    household = households.load("single_parent_three_children")
    household["children"][1]["other_parent"] = {}
    window, intake = open_intake(qtbot, station, household, step="other_parent")
    assert intake.widget_for("given_names", 1).line.text() == ""
    # Elif's block offers "wie bei" each other child; not her own.
    elif_block = intake.widget_for("given_names", 1).parentWidget()
    buttons = {b.text(): b for b in elif_block.findChildren(QPushButton)
               if b.text().startswith("wie bei ")}
    assert set(buttons) == {"wie bei Emre Demir", "wie bei Deniz Yıldız"}
    qtbot.mouseClick(buttons["wie bei Emre Demir"], Qt.MouseButton.LeftButton)

    assert intake.widget_for("given_names", 1).line.text() == "Murat"
    assert intake.widget_for("family_name", 1).line.text() == "Demir"
    assert intake.widget_for("address", 1).lines["city"].text() == "Mainz"
    stored = household_of(station, intake.case_id)["children"]
    assert stored[1]["other_parent"] == stored[0]["other_parent"]
    # Then typed on as usual: the copy is Elif's own.
    type_into(qtbot, intake.widget_for("given_names", 1), "Murat Can")
    stored = household_of(station, intake.case_id)["children"]
    assert stored[0]["other_parent"]["given_names"] == "Murat"


def test_month_fields_read_and_take_mm_jjjj(qtbot, demo_station):
    _window, screen = open_claims(qtbot, demo_station, single_parent_household())
    claim_id = screen.add_claim("unterhaltsvorschuss", "c1")
    qtbot.waitUntil(lambda: screen.ready and claim_id in screen.claim_blocks, timeout=10000)
    month = screen.claim_blocks[claim_id].widget_for("uvg_from_month")
    assert month.line.placeholderText() == "MM.JJJJ"
    type_into(qtbot, month, "13.2026")
    assert month.problem == field_message("form.month")
    assert "MM.JJJJ" in month.problem
    type_into(qtbot, month, "03.2026")
    assert month.problem == ""
    assert demo_station.store.claims.get_claim(claim_id).answers["uvg_from_month"] == "2026-03"
    screen.reload()  # shown again as it is typed
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)
    assert screen.claim_blocks[claim_id].widget_for("uvg_from_month").line.text() == "03.2026"


def test_the_iban_is_shown_in_groups_of_four_and_stored_compact(qtbot, demo_station):
    household = single_parent_household()
    household["bank_account"] = {"iban": "DE02120300000000202051", "bic": None,
                                 "holder": "Olena Petrenko"}
    _window, intake = open_intake(qtbot, demo_station, household, step="bank_account")
    iban = intake.widget_for("iban")
    assert iban.line.text() == "DE02 1203 0000 0000 2020 51"
    type_into(qtbot, iban, "DE89 3704 0044 0532 0130 00")
    assert iban.problem == ""
    assert household_of(demo_station, intake.case_id)["bank_account"]["iban"] == \
        "DE89370400440532013000"
    intake.show_step("bank_account")
    assert intake.widget_for("iban").line.text() == "DE89 3704 0044 0532 0130 00"


def test_the_required_star_follows_the_whole_label(qtbot, demo_station):
    _window, screen = open_claims(qtbot, demo_station, single_parent_household())
    claim_id = screen.add_claim("kindergeld", None)
    qtbot.waitUntil(lambda: screen.ready and claim_id in screen.claim_blocks, timeout=10000)
    block = screen.claim_blocks[claim_id]
    per_child = [(q, w) for q, w in block.widgets.values() if q.item_name]
    assert per_child
    for question, widget in per_child:
        base = question.field.label["de"]
        star = " *" if question.field.required else ""
        assert widget.label.text() == f"{base} ({question.item_name}){star}"
        assert widget.accessibleName() == f"{base} ({question.item_name})"
    assert any(q.field.required for q, _w in per_child)


def test_the_window_title_names_the_kiosk_once(qtbot, demo_station):
    before = QGuiApplication.applicationDisplayName()
    QGuiApplication.setApplicationDisplayName("FVO Kiosk")  # as ui.main sets it
    try:
        window = open_window(qtbot, demo_station)
        title = window.windowTitle()
        # The platform appends the display name to a title that does not end with it.
        shown = title if title.endswith(QGuiApplication.applicationDisplayName()) \
            else f"{title} — {QGuiApplication.applicationDisplayName()}"
        assert shown == "DEMO – FVO Kiosk"
        assert shown.count("FVO Kiosk") == 1
    finally:
        QGuiApplication.setApplicationDisplayName(before)


def test_accepting_the_suggestions_leaves_short_lines_not_tall_cards(qtbot, station):
    window, screen = open_claims(qtbot, station, households.load("single_parent_three_children"))
    window.resize(1280, 800)
    cards_before = len(screen.hints_scroll.widget().findChildren(QFrame, "hintRow"))
    height_before = screen.hints_scroll.widget().sizeHint().height()
    likely = [r for r in screen.overview.hints if r.level == "likely"]
    assert len(likely) >= 3
    qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and not screen.accept_button.isEnabled(),
                    timeout=10000)

    body = screen.hints_scroll.widget()
    cards = body.findChildren(QFrame, "hintRow")
    chosen = body.findChildren(QFrame, "hintChosen")
    assert len(cards) == cards_before - len(likely)  # only the hints still open are cards
    assert len(chosen) == len(likely)
    for frame in chosen:  # one line each (word-wrapped at most), the reason as tooltip
        lines = frame.findChildren(QLabel)
        assert len(lines) == 1 and "Antrag ist gewählt" in lines[0].text()
        assert frame.toolTip().startswith("Einschätzung: wahrscheinlich")
        assert not frame.findChildren(QPushButton)
    assert body.sizeHint().height() < height_before
    heading = [lab for lab in body.findChildren(QLabel) if lab.text() == "Bereits gewählt"]
    assert len(heading) == 1
