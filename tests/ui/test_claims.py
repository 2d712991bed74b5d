"""The claims screen: hints with reasons, adding and removing claims, each claim's own
questions saved at once, and the missing fields and documents."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.eligibility import hints
from kiosk.forms import load_catalog
from kiosk.forms.messages import field_message
from tests.ui.test_intake_support import open_claims, single_parent_household, type_into

LEVELS_DE = {"likely": "wahrscheinlich", "possible": "möglich",
             "not_applicable": "nicht zutreffend"}


def _row(screen, benefit, subject=None):
    return next(frame for row, frame in screen.hint_rows
                if row.benefit == benefit and row.subject == subject)


def _button(parent, text):
    from PySide6.QtWidgets import QPushButton

    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


def test_every_hint_is_listed_with_its_level_and_reason(qtbot, demo_station):
    household = single_parent_household()
    _window, screen = open_claims(qtbot, demo_station, household)
    from PySide6.QtWidgets import QLabel

    found = hints(load_catalog(), household)
    assert found
    for hint in found:
        # A hint is per household or per child; the rows are per claim (BuT: child and kind).
        frames = [frame for row, frame in screen.hint_rows if row.benefit == hint.benefit
                  and (hint.subject is None or (row.subject or "").split(":")[0] == hint.subject)]
        assert frames, hint.benefit
        for frame in frames:
            texts = " ".join(label.text() for label in frame.findChildren(QLabel))
            assert LEVELS_DE[hint.level] in texts
            assert hint.reason["de"] in texts


def test_adding_and_removing_a_claim(qtbot, demo_station):
    window, screen = open_claims(qtbot, demo_station, single_parent_household())
    store = demo_station.store
    qtbot.mouseClick(_button(_row(screen, "kindergeld"), "Antrag hinzufügen"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)
    claims = store.claims.list_claims(screen.case_id)
    assert [(c.benefit, c.subject) for c in claims] == [("kindergeld", None)]
    block = screen.claim_blocks[claims[0].id]
    title = load_catalog().form("kindergeld").title["de"]
    assert block.title.text() == f"{title} – Haushalt"
    remove = _button(block, "Antrag entfernen")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)  # first tap asks
    assert store.claims.list_claims(screen.case_id)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)
    assert store.claims.list_claims(screen.case_id) == []
    assert screen.claim_blocks == {}
    assert window.current_screen is screen


def test_claim_questions_are_saved_and_the_gaps_follow(qtbot, demo_station):
    _window, screen = open_claims(qtbot, demo_station, single_parent_household())
    qtbot.mouseClick(_button(_row(screen, "unterhaltsvorschuss", "c1"), "Antrag hinzufügen"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and bool(screen.claim_blocks), timeout=10000)
    (claim_id, block), = screen.claim_blocks.items()
    title = load_catalog().form("unterhaltsvorschuss").title["de"]
    assert block.title.text() == f"{title} – Mila Petrenko"
    assert "Unterhaltsvorschuss wird beantragt ab (Monat)" in block.gaps.text()
    assert "Geburtsurkunde des Kindes" in block.gaps.text()

    month = block.widget_for("uvg_from_month")
    type_into(qtbot, month, "2026-13")
    assert month.problem == field_message("form.month")
    type_into(qtbot, month, "2026-01")
    assert month.problem == ""
    block.widget_for("uvg_orphan_pension").choose(False)
    answers = demo_station.store.claims.get_claim(claim_id).answers
    assert answers == {"uvg_from_month": "2026-01", "uvg_orphan_pension": False}
    assert "Unterhaltsvorschuss wird beantragt ab (Monat)" not in block.gaps.text()
    assert "Bekommt das Kind eine Waisenrente?" not in block.gaps.text()
    assert "Leben Sie mit dem anderen Elternteil zusammen?" in block.gaps.text()


def test_the_family_button_hands_over_to_family_mode(qtbot, demo_station):
    window, screen = open_claims(qtbot, demo_station, single_parent_household())
    assert not screen.family_button.isEnabled()  # nothing to sign yet
    qtbot.mouseClick(_button(_row(screen, "kindergeld"), "Antrag hinzufügen"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and screen.family_button.isEnabled(), timeout=10000)
    case_id = screen.case_id
    qtbot.mouseClick(screen.family_button, Qt.MouseButton.LeftButton)
    assert window.current_screen_name == "family"
    assert window.current_screen.case_id == case_id


def test_a_question_per_child_is_asked_once_per_child(qtbot, demo_station):
    _window, screen = open_claims(qtbot, demo_station, single_parent_household())
    qtbot.mouseClick(_button(_row(screen, "kindergeld"), "Antrag hinzufügen"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and bool(screen.claim_blocks), timeout=10000)
    (claim_id, block), = screen.claim_blocks.items()
    other = block.widget_for("child_other_claimant")
    assert other.label.text().endswith("(Mila Petrenko) *")  # the star after the whole label
    other.choose(False)
    answers = demo_station.store.claims.get_claim(claim_id).answers
    assert answers == {"child_other_claimant": {"c1": False}}


def test_back_to_the_intake_keeps_the_case(qtbot, demo_station):
    window, screen = open_claims(qtbot, demo_station, single_parent_household())
    case_id = screen.case_id
    qtbot.mouseClick(screen.intake_button, Qt.MouseButton.LeftButton)
    intake = window.current_screen
    assert window.current_screen_name == "intake"
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    assert intake.case_id == case_id
    assert intake.widget_for("family_name").line.text() == "Petrenko"


def test_a_missing_household_field_leads_to_its_intake_step(qtbot, demo_station):
    window, screen = open_claims(qtbot, demo_station, single_parent_household())
    qtbot.mouseClick(_button(_row(screen, "wohngeld"), "Antrag hinzufügen"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and bool(screen.claim_blocks), timeout=10000)
    (_claim_id, block), = screen.claim_blocks.items()
    first_gap = next(g for g in block.missing if g.kind == "field" and g.path)
    assert first_gap.path.startswith("$.housing.")  # move-in date, landlord …
    qtbot.mouseClick(block.fill_button, Qt.MouseButton.LeftButton)
    intake = window.current_screen
    assert window.current_screen_name == "intake"
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    assert intake.step_id == "housing"


def test_the_claims_screen_and_the_cli_overview_agree(qtbot, demo_station):
    from PySide6.QtWidgets import QLabel

    from kiosk.cli.case_cmds import claim_overview

    household = single_parent_household()
    window, screen = open_claims(qtbot, demo_station, household)
    visit = window.session.visit
    visit.add_claim(screen.case_id, "kindergeld")
    visit.add_claim(screen.case_id, "unterhaltsvorschuss", "c1")
    screen.reload()
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)

    cli = claim_overview(demo_station, screen.case_id, "de")
    listed = [(row.benefit, row.subject, row.level, row.claim_id) for row, _ in screen.hint_rows]
    assert listed == [(r["benefit"], r["subject"], r["hint"], r["claim_id"]) for r in cli]
    assert sorted(screen.claim_blocks) == sorted(r["claim_id"] for r in cli if r["claim_id"])
    for (_row, frame), r in zip(screen.hint_rows, cli, strict=True):
        texts = " ".join([label.text() for label in frame.findChildren(QLabel)]
                         + [frame.toolTip()])  # a chosen hint keeps its reason as tooltip
        assert r["title"] in texts
        who = (r["subject_name"] or "Haushalt") if r["addable"] else \
            "kein Kind, für das dieser Antrag passt"
        assert f"{r['title']} – {who}" in texts
        assert LEVELS_DE.get(r["hint"], "ohne Hinweis") in texts
        if r["reason"]:
            assert r["reason"] in texts
    for r in cli:
        if r["claim_id"]:
            block = screen.claim_blocks[r["claim_id"]]
            for gap in r["missing"]:
                assert gap["label"] in block.gaps.text()


def test_a_signed_claim_whose_data_changed_is_corrected_and_signed_anew(qtbot, demo_station):
    from kiosk.i18n import state_label
    from kiosk.signature.recorded import recorded_signature

    window, screen = open_claims(qtbot, demo_station, single_parent_household())
    visit = window.session.visit
    case_id = screen.case_id
    claim_id = visit.add_claim(case_id, "kindergeld")
    visit.sign(claim_id, recorded_signature(1), visit.summary(claim_id, "de").sha256)
    screen.reload()
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)
    block = screen.claim_blocks[claim_id]
    assert block.changed_note is None  # nothing changed since signing
    assert state_label("queued") in block.state.text()  # signing queued it for sending

    assert visit.set_field(case_id, "applicant", "given_names", "Olha").saved
    screen.reload()
    qtbot.waitUntil(lambda: screen.ready, timeout=10000)
    block = screen.claim_blocks[claim_id]
    assert block.changed_note is not None and block.changed_note.isVisibleTo(screen)
    assert block.changed_note.text() == ("Die Angaben haben sich seit der Unterschrift "
                                         "geändert – dieser Antrag muss neu unterschrieben "
                                         "werden.")
    qtbot.mouseClick(_button(block, "Korrigieren und neu unterschreiben"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ready and claim_id not in screen.claim_blocks,
                    timeout=10000)
    (new_id, new_block), = screen.claim_blocks.items()
    assert demo_station.store.claims.get_claim(claim_id).state == "superseded"
    assert visit.claim(new_id).supersedes == claim_id
    assert new_block.changed_note is None
    assert state_label("draft") in new_block.state.text()
    assert screen.family_button.isEnabled()  # the family signs the corrected claim
