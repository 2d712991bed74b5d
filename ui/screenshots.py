"""Render every screen of the kiosk shell to PNG: ``python -m ui.screenshots OUTDIR``.

Runs on a throwaway demo station in a temporary directory with a made-up family, so no real
data can ever appear in a picture; its key goes into the OS keyring and is deleted again at
the end. ``make screenshots`` runs it under Xvfb with a throwaway session keyring.
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

SIZE = (1280, 800)

DEMO_HOUSEHOLD: dict[str, Any] = {
    "schema_version": 1,
    "language": "ar",
    "applicant": {
        "id": "p1",
        "family_name": "Haddad",
        "given_names": "Layla",
        "birth_date": "1991-03-14",
        "birth_place": "Aleppo",
        "birth_country": "SY",
        "sex": "female",
        "nationality": "SY",
        "residence_status": "residence_permit",
        "marital_status": "married",
        "marital_status_since": "2012-06-01",
        "tax_id": "36574261809",
        "phone": "+49 611 000000",
        "incomes": [],
    },
    "children": [
        {
            "id": "c1",
            "family_name": "Haddad",
            "given_names": "Omar",
            "birth_date": "2015-09-02",
            "birth_place": "Wiesbaden",
            "sex": "male",
            "nationality": "SY",
            "relationship": "own",
            "lives_in_household": True,
            "education": "school",
            "incomes": [],
        },
        {
            "id": "c2",
            "family_name": "Haddad",
            "given_names": "Lina",
            "birth_date": "2019-04-21",
            "birth_place": "Wiesbaden",
            "sex": "female",
            "nationality": "SY",
            "relationship": "own",
            "lives_in_household": True,
            "education": "kita",
            "incomes": [],
        },
    ],
    "address": {
        "street": "Musterstraße",
        "house_number": "7",
        "postcode": "65183",
        "city": "Wiesbaden",
    },
}


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("screen did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.01)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.02)


def signature_strokes(width: float, height: float) -> dict[str, Any]:
    """A made-up handwritten-looking signature (loops and a flourish), as stored strokes."""
    from kiosk.signature import Point, Signature

    sig = Signature(width, height)
    t = 0
    base = height * 0.62

    def stroke(points: list[tuple[float, float, float]]) -> None:
        nonlocal t
        x, y, p = points[0]
        sig.begin_stroke(Point(x, y, t, p))
        for x, y, p in points[1:]:
            t += 8
            sig.add_point(Point(x, y, t, p))
        sig.end_stroke()
        t += 150

    # A cursive first name: a prolate cycloid makes the loops of joined-up letters.
    loops = []
    steps = 420
    for i in range(steps):
        th = i / (steps - 1) * 2 * math.pi * 6.5
        r = height * (0.09 + 0.05 * math.sin(th / 3.1))
        x = width * 0.1 + width * 0.011 * th - r * 0.8 * math.sin(th)
        y = base - height * 0.1 - r * math.cos(th) - height * 0.06 * math.sin(th / 2.3)
        loops.append((x, y, 0.35 + 0.45 * (0.5 + 0.5 * math.sin(th * 0.7))))
    stroke(loops)
    # A capital initial and a short second word.
    second = []
    for i in range(200):
        th = i / 199 * 2 * math.pi * 3
        x = width * 0.62 + width * 0.012 * th - height * 0.07 * math.sin(th)
        y = base - height * 0.08 - height * 0.09 * math.cos(th)
        second.append((x, y, 0.4 + 0.3 * math.sin(th / 2) ** 2))
    stroke(second)
    # An underline flourish.
    stroke(
        [
            (width * (0.08 + 0.82 * s), base + 18 + 10 * math.sin(s * 3.1), 0.75 - 0.55 * s)
            for s in (i / 59 for i in range(60))
        ]
    )
    return sig.to_dict()


def wait_ready(screen: Any, timeout_s: float = 20.0) -> Any:
    """Screens that load in the background say so with ``ready``; grab only after it."""
    wait_until(lambda: bool(getattr(screen, "ready", True)), timeout_s)
    settle()
    return screen


def type_text(line: Any, text: str) -> None:
    """Replace a line edit's text as a user would (the field reacts to ``textEdited``)."""
    line.setFocus()
    line.setText(text)
    line.textEdited.emit(text)


def save(widget: QWidget, out: Path, name: str) -> Path:
    settle()
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def save_with_dialog(window: QWidget, dialog: QWidget, out: Path, name: str) -> Path:
    """The window with a dialog over it, dimmed behind, as the user sees it."""
    settle()
    picture = window.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 110))
    pos = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
    painter.drawPixmap(pos, dialog.grab())
    painter.end()
    path = out / f"{name}.png"
    if not picture.save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)
    return path


#: The smaller screen every view must fit as well (nothing cut, nothing off-screen).
SMALL_SIZE = (1024, 768)


def _sized(window: Any, size: tuple[int, int]) -> None:
    """The window at ``size`` (family mode goes full screen on its own: undone here)."""
    if window.isFullScreen():
        window.showNormal()
    window.resize(*size)
    settle()


def _loaded(screen: Any) -> bool:
    return not screen.loading


def render_sizes(window: Any, case_id: str, out: Path) -> list[Path]:
    """The case's screens in large text at 1280×800 and 1024×768, and in normal text at
    1024×768: intake, claims, family mode (Russian: the longest words) with a refused
    signature."""
    shots: list[Path] = []
    views = [(SIZE, True, "1280-large"), (SMALL_SIZE, True, "1024-large"),
             (SMALL_SIZE, False, "1024")]
    for number, (size, large, tag) in enumerate(views):
        first = 20 + 10 * number
        window.large_text_switch.setChecked(large)
        cases: Any = window.show_screen("cases")
        _sized(window, size)
        wait_until(partial(_loaded, cases))
        shots.append(save(window, out, f"{first}-cases-{tag}"))
        intake = wait_ready(window.show_screen("intake", case_id=case_id, step="applicant"))
        _sized(window, size)
        shots.append(save(window, out, f"{first + 1}-intake-{tag}"))
        intake.show_step("children")
        shots.append(save(window, out, f"{first + 2}-intake-children-{tag}"))
        intake.show_step("bank_account")
        shots.append(save(window, out, f"{first + 3}-intake-bank-{tag}"))
        wait_ready(window.show_screen("claims", case_id=case_id))
        _sized(window, size)
        shots.append(save(window, out, f"{first + 4}-claims-{tag}"))
        family: Any = window.show_screen("family", case_id=case_id, lang="ru")
        _sized(window, size)
        shots.append(save(window, out, f"{first + 5}-family-ru-{tag}"))
        family.set_language("ar")
        family.sign()  # nothing drawn: the refusal shows on the pad, nothing moves
        shots.append(save(window, out, f"{first + 6}-family-ar-refused-{tag}"))
        family.back_button.click()
        dialog = window.pin_dialog
        assert dialog is not None
        shots.append(save_with_dialog(window, dialog, out, f"{first + 7}-leave-pin-{tag}"))
        dialog.reject()
        settle()
        window.show_screen("cases")  # the screenshot run leaves without a PIN
    window.large_text_switch.setChecked(False)
    _sized(window, SIZE)
    return shots


def render_all(out: Path) -> list[Path]:
    from kiosk.app import DEMO_PIN, Station
    from kiosk.keys import KeyStore
    from ui import style
    from ui.widgets.signature_pad import SignatureField
    from ui.window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    style.apply(app)
    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="fvo-screens-") as tmp:
        station = Station.provision(Path(tmp) / "station", demo=True)
        try:
            station.auth.enrol("Ben Beispiel", "135790", actor="admin")
            visit = station.visit("counsellor:1")
            case_id = visit.create_case(DEMO_HOUSEHOLD)
            # Kindergeld and Unterhaltsvorschuss (its first child), as the claims screen adds.
            hints = visit.claims_overview(case_id).hints
            for benefit in ("kindergeld", "unterhaltsvorschuss"):
                row = next((r for r in hints if r.benefit == benefit and r.addable), None)
                if row is not None:
                    visit.add_claim(case_id, benefit, row.subject)

            from kiosk.demo import seed_demo

            seed_demo(station)  # the sample families: one signed, waiting to be sent
            window = MainWindow(station)
            window.resize(*SIZE)
            window.show_screen("login")
            window.show()
            window.finish_startup()
            login: Any = window.current_screen
            shots.append(save(window, out, "01-login"))

            # A colleague mistypes five times: the lockout is explained in plain words.
            login.select("Ben Beispiel")
            for _ in range(5):
                wait_until(lambda: login.pad.ok_button.isEnabled())
                login.enter_pin("111111")
                wait_until(lambda: "geprüft" not in login.message.text())
                if _ == 0:
                    shots.append(save(window, out, "02-login-wrong-pin"))
            shots.append(save(window, out, "03-login-lockout"))

            login.select("Demo-Beraterin")
            login.enter_pin(DEMO_PIN)
            wait_until(lambda: window.session.logged_in)
            shots.append(save(window, out, "04-cases"))

            window.high_contrast_switch.click()
            window.large_text_switch.click()
            shots.append(save(window, out, "05-cases-large-high-contrast"))
            window.high_contrast_switch.click()
            window.large_text_switch.click()
            settle()
            window.centralWidget().layout().activate()  # type: ignore[union-attr]
            window.resize(*SIZE)

            # The intake: a mistyped Steuer-ID shows the core's message under the field.
            intake = wait_ready(window.show_screen("intake", case_id=case_id, step="applicant"))
            tax = intake.widget_for("tax_id")
            type_text(tax.line, "36574261808")
            above = intake.widget_for("marital_status")
            intake.scroll_area.verticalScrollBar().setValue(above.y())
            shots.append(save(window, out, "12-intake-invalid-tax-id"))
            type_text(tax.line, str(DEMO_HOUSEHOLD["applicant"]["tax_id"]))
            intake.show_step("children")
            shots.append(save(window, out, "13-intake-children"))

            # The claims: hints with their reasons, chosen claims with what they lack.
            wait_ready(window.show_screen("claims", case_id=case_id))
            shots.append(save(window, out, "14-claims"))

            # The sending panel: the demo's signed claims, waiting (no sandbox runs here).
            wait_ready(window.show_screen("sending"))
            shots.append(save(window, out, "17-sending"))

            # A withdrawn case opens read-only.
            gone = visit.create_case(DEMO_HOUSEHOLD)
            visit.withdraw_case(gone)
            wait_ready(window.show_screen("intake", case_id=gone, step="applicant"))
            shots.append(save(window, out, "15-intake-withdrawn-read-only"))

            family: Any = window.show_screen("family", case_id=case_id, lang="tr")
            wait_ready(family)
            shots.append(save(window, out, "16-family-tr"))
            family.set_language("de")
            shots.append(save(window, out, "06-family-de"))
            family.set_language("ar")
            pad = family.signature_field.pad
            pad.load(signature_strokes(pad.width(), pad.height()))
            shots.append(save(window, out, "07-family-ar-rtl-signed"))
            family.set_language("uk")
            shots.append(save(window, out, "08-family-uk"))

            family.back_button.click()
            dialog = window.pin_dialog
            assert dialog is not None
            shots.append(save_with_dialog(window, dialog, out, "09-leave-family-pin"))
            dialog.reject()
            settle()
            shots += render_sizes(window, case_id, out)

            field = SignatureField()
            field.resize(760, 420)
            field.show()
            field.load(signature_strokes(field.pad.width(), field.pad.height()))
            shots.append(save(field, out, "10-signature-pad"))
            field.pad.clear()
            field.take_signature()
            shots.append(save(field, out, "11-signature-refused"))
            field.close()
            window._may_close = True  # noqa: SLF001 - a screenshot run ends without a PIN
            window.close()
        finally:
            station.close()
            KeyStore(station.identity.station_id).delete_database_key()
    return shots


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m ui.screenshots OUTDIR", file=sys.stderr)
        return 2
    import ui  # noqa: F401 - PySide6 safety check first

    render_all(Path(args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
