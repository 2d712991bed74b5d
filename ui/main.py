"""``fvo-kiosk``: start the kiosk window on this station's data.

``--demo`` opens the demo station (provisioning it into an empty data dir on first start),
``--kiosk`` runs full screen and frameless with PIN-guarded exit. If the station cannot be
opened (no keyring, key missing, wrong key, not provisioned, damaged), a German message says
what to do and the program exits with 1 — nothing is created or repaired behind IT's back.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

log = logging.getLogger("ui.main")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="fvo-kiosk", description="FVO Kiosk – Familienleistungen vor Ort"
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="Datenverzeichnis der Station (sonst $FVO_KIOSK_DATA_DIR oder Standard)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="Demo-Station öffnen (beim ersten Start in einem leeren Verzeichnis einrichten)",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="Vollbild ohne Rahmen; Beenden nur mit Berater-PIN",
    )
    parser.add_argument(
        "--idle-minutes",
        type=float,
        default=None,
        metavar="N",
        help="nach N Minuten ohne Eingabe zur Anmeldung sperren "
        "(Standard: idle_minutes der Stationskonfiguration)",
    )
    return parser.parse_args(argv)


def show_error(message: str) -> None:
    """A clear German error dialog (no traceback)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "FVO Kiosk kann nicht starten", message)
    box.setInformativeText("Bitte wenden Sie sich an die IT-Betreuung.")
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.exec()


def open_station(args: argparse.Namespace, keyring_backend: Any = None) -> Any:
    from kiosk.app import Station

    if args.demo:
        return Station.open_or_provision_demo(args.data_dir, keyring_backend=keyring_backend)
    return Station.open(args.data_dir, keyring_backend=keyring_backend)


def start(
    argv: Sequence[str] | None = None,
    keyring_backend: Any = None,
    on_error: Callable[[str], None] | None = None,
) -> Any:
    """Open the station and show the login screen; returns the window, or None after a
    start-up error was shown. The caller runs the event loop."""
    from PySide6.QtWidgets import QApplication

    import ui  # noqa: F401 - applies the PySide6 safety check before any widget exists
    from kiosk.errors import KioskError
    from ui import style

    args = parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("FVO Kiosk")
    app.setApplicationDisplayName("FVO Kiosk")
    style.apply(app)
    try:
        station = open_station(args, keyring_backend)
        try:
            _ = station.config  # an unsigned or altered configuration is refused here, by name
        except KioskError:
            station.close()
            raise
    except KioskError as err:
        log.error("station could not be opened: %s", type(err).__name__)
        (on_error or show_error)(err.user_message)
        return None

    from ui.window import MainWindow

    # Without --idle-minutes the window takes the station's configured idle_minutes.
    idle_s = args.idle_minutes * 60 if args.idle_minutes else None
    window = MainWindow(station, kiosk=args.kiosk, idle_timeout_s=idle_s, preload_forms=True,
                        send_in_background=True)
    window.show_screen("login")
    if args.kiosk:
        window.showFullScreen()
    else:
        window.show()
    # Everything not needed for the first picture comes after it.
    window.after_first_paint(window.finish_startup)
    app.aboutToQuit.connect(station.close)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # fontTools reports every table it subsets (each claim PDF) at INFO: only its warnings.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    window = start(argv)
    if window is None:
        return 1
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().exec()  # type: ignore[union-attr]


if __name__ == "__main__":
    sys.exit(main())
