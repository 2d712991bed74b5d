"""Everything fits: every screen at 1280×800 and 1024×768, in normal and large text, the
family-facing screens in all six languages — no clipped label or button, no horizontal
scroll bar, nothing outside the window, and the window never grows past its size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QListView,
    QWidget,
)

from tests.ui.helpers import log_in, open_window
from tests.ui.test_intake_support import single_parent_household
from ui import style
from ui.i18n import LANGUAGES

SIZES = [(1280, 800), (1024, 768)]
INTAKE_STEPS = ("applicant", "address", "partner", "children", "other_parent", "other_members",
                "incomes", "housing", "bank_account", "benefits_received")
SLACK = 1  # px of rounding


def _scroll_viewport(widget: QWidget) -> QWidget | None:
    """The viewport of the nearest scroll area ``widget`` scrolls in, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent.viewport()
        parent = parent.parentWidget()
    return None


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QLabel, QAbstractButton)) else ""
    text = text.replace("\u200f", "").replace("\n", " ")
    return f"{type(w).__name__} {(text[:50] or w.accessibleName() or w.objectName())!r}"


def text_problem(w: QWidget) -> str | None:
    """Why the text of a label or button does not fit its widget (None: it fits)."""
    if isinstance(w, QLabel):
        if not w.text() or not w.pixmap().isNull():
            return None
        if w.wordWrap():
            need = w.heightForWidth(w.width())
            if need > w.height() + SLACK:
                return f"needs {need} px height, has {w.height()} (width {w.width()})"
            return None
    elif not (isinstance(w, QAbstractButton) and w.text()):
        return None
    hint = w.minimumSizeHint()
    if hint.width() > w.width() + SLACK or hint.height() > w.height() + SLACK:
        return f"needs {hint.width()}×{hint.height()} px, has {w.width()}×{w.height()}"
    return None


def fit_problems(where: str, window: QWidget) -> list[str]:
    """Every clipped text, every widget outside the window or sticking out of its scroll
    area sideways, and every horizontal scroll bar shown in ``window``."""
    QApplication.processEvents()
    problems = []
    bounds = window.rect()
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.window() is not window:
            continue
        why = text_problem(w)
        if why:
            problems.append(f"{where}: {_name(w)} is cut: {why}")
        viewport = _scroll_viewport(w)
        if viewport is None:
            rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
            if not bounds.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
                problems.append(f"{where}: {_name(w)} at {rect.getCoords()} lies outside "
                                f"the window {bounds.width()}×{bounds.height()}")
        else:
            left = w.mapTo(viewport, QPoint(0, 0)).x()
            if left < -SLACK or left + w.width() > viewport.width() + SLACK:
                problems.append(f"{where}: {_name(w)} ({left}..{left + w.width()}) sticks "
                                f"out of its scroll area (0..{viewport.width()})")
        if isinstance(w, QAbstractScrollArea) and w.horizontalScrollBar().isVisible():
            problems.append(f"{where}: {_name(w)} shows a horizontal scroll bar")
        if isinstance(w, QListView) and w.wordWrap():
            problems += [f"{where}: {_name(w)} {p}" for p in row_problems(w)]
    return problems


def row_problems(view: QListView) -> list[str]:
    """Rows of a word-wrapping list whose text needs more lines than the row holds (Qt
    then cuts the last line with "…"); the style sheet pads items by 12 px and 4 px."""
    problems = []
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        rect = view.visualRect(index)
        width = min(rect.right(), view.viewport().width() - 1) - max(rect.left(), 0) + 1
        text = str(index.data() or "")
        lines = view.fontMetrics().boundingRect(QRect(0, 0, width - 24, 100_000),
                                                int(Qt.TextFlag.TextWordWrap), text)
        if lines.height() + 8 > rect.height():
            problems.append(f"row {text!r} needs {lines.height() + 8} px, has {rect.height()}")
    return problems


def window_problems(where: str, window: Any, size: tuple[int, int]) -> list[str]:
    QApplication.processEvents()
    problems = []
    if (window.width(), window.height()) != size:
        problems.append(f"{where}: the window is {window.width()}×{window.height()}, "
                        f"not {size[0]}×{size[1]}")
    need = window.minimumSizeHint()
    if need.width() > size[0] or need.height() > size[1]:
        problems.append(f"{where}: the screen needs at least {need.width()}×{need.height()}")
    return problems


@pytest.fixture
def text_size(request: Any) -> Iterator[bool]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield request.param
    style.apply(app)  # the style is application-wide


def _sized(window: Any, size: tuple[int, int], large: bool, contrast: bool = False) -> None:
    if window.high_contrast_switch.isChecked() != contrast:
        window.high_contrast_switch.setChecked(contrast)
    if window.large_text_switch.isChecked() != large:
        window.large_text_switch.setChecked(large)
    if window.isFullScreen():
        window.showNormal()
    window.resize(*size)
    QApplication.processEvents()


@pytest.mark.parametrize(("size", "text_size", "contrast"), [
    pytest.param(SIZES[0], False, False, id="1280x800-normal"),
    pytest.param(SIZES[0], True, False, id="1280x800-large"),
    pytest.param(SIZES[1], False, False, id="1024x768-normal"),
    pytest.param(SIZES[1], True, False, id="1024x768-large"),
    # High contrast draws thicker borders: the tightest case once more in it.
    pytest.param(SIZES[1], True, True, id="1024x768-large-high-contrast"),
], indirect=["text_size"])
def test_every_screen_fits(qtbot, demo_station, size, text_size, contrast):
    large = text_size
    window = open_window(qtbot, demo_station)
    _sized(window, size, large, contrast)
    problems = fit_problems("login", window) + window_problems("login", window, size)
    log_in(qtbot, window)
    visit = window.session.visit
    household = single_parent_household()
    household["applicant"]["family_name"] = "Petrenko-Wojciechowska-Yıldız"
    household["applicant"]["birth_place"] = "Ivano-Frankivsk (Івано-Франківськ)"
    case_id = visit.create_case(household)
    visit.create_case(single_parent_household())
    cases = window.show_home()
    qtbot.waitUntil(lambda: not cases.loading and len(cases.cases) == 2, timeout=5000)
    problems += fit_problems("cases", window) + window_problems("cases", window, size)

    intake = window.show_screen("intake", case_id=case_id, step="applicant")
    qtbot.waitUntil(lambda: intake.ready, timeout=5000)
    intake.widget_for("tax_id").show_problem("Die Steuer-ID hat 11 Ziffern; die letzte "
                                             "Ziffer ist eine Prüfziffer und passt nicht.")
    listed = intake._listed_step_ids()  # noqa: SLF001
    for step in INTAKE_STEPS:
        if step in listed:
            intake.show_step(step)
            where = f"intake/{step}"
            problems += fit_problems(where, window) + window_problems(where, window, size)

    hints = [h for h in visit.claims_overview(case_id).hints if h.addable]
    for hint in hints[:4]:
        visit.add_claim(case_id, hint.benefit, hint.subject)
    claims = window.show_screen("claims", case_id=case_id)
    qtbot.waitUntil(lambda: claims.ready, timeout=10000)
    problems += fit_problems("claims", window) + window_problems("claims", window, size)

    family = window.show_screen("family", case_id=case_id, lang="de")
    _sized(window, size, large, contrast)
    for lang in LANGUAGES:
        family.set_language(lang)
        for index in range(len(family.claims)):
            family.show_claim(index)
            where = f"family/{lang}/claim {index + 1}"
            problems += fit_problems(where, window) + window_problems(where, window, size)
        family.sign()  # an empty pad: the refusal is shown
        problems += fit_problems(f"family/{lang}/refused", window)
    family.back_button.click()
    dialog = window.pin_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    problems += fit_problems("PIN dialog", dialog)
    dialog.reject()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
