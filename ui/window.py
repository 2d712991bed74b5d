"""The kiosk's main window: a header, a stack of screens, a status bar; kiosk lock-down.

Navigation contract (for every screen module)
---------------------------------------------
* A *screen* is a ``QWidget`` built by a *factory* ``factory(window, **kw) -> QWidget``;
  a screen class whose ``__init__(self, window, **kw)`` matches is its own factory.
* A screen module exposes ``SCREENS = {"name": factory, ...}``; ``SCREEN_MODULES`` below
  maps each screen name to its module, imported on first use (modules not written yet are
  skipped). ``register_screen(name, factory)`` does the same at run time (tests, plug-ins).
* ``window.show_screen(name, **kw)`` builds a fresh screen (so it reads the store anew),
  shows it and deletes the previous one. Keyword arguments go to the factory, e.g.
  ``window.show_screen("intake", case_id=cid)``.
* ``window.show_home()`` goes to the counsellor's start screen: ``"cases"`` (the case list)
  once registered, otherwise the placeholder ``"home"``.
* ``window.session`` (``ui.session.Session``): ``visit`` (the visit operations of the
  logged-in counsellor — a screen calls one of them and shows what it returns), ``station``,
  ``counsellor`` (logged in), ``case_id`` (the open case; screens set it), ``actor``.
* ``window.run_in_background(fn, on_done, on_error=None, parent=None)``: a core call off
  the UI thread (``ui.worker``), answered on the UI thread while ``parent`` still exists.
  A screen passes itself as ``parent`` (a load started in its constructor must: while a
  screen is being built, ``current_screen`` is still the previous one, which is deleted
  before the answer comes); without ``parent`` the answer is tied to the current screen.
* ``window.ask_pin(reason, on_ok, on_cancel=None)``: a counsellor PIN dialog (non-blocking).
* Family mode: ``window.show_screen("family", case_id=cid, lang="ar",
  return_to=("claims", {"case_id": cid}))``; it shows that case's claims only and goes to
  ``return_to`` (default: home) after a counsellor PIN.
* Optional screen attributes, read by the window:
    - ``title: str`` — shown in the header;
    - ``fullscreen: bool`` — hide header and status bar, go full screen (family mode);
    - ``save_now()`` — flush any unsaved input; called before the screen is left, before an
      idle lock and before the window closes (with autosave it is usually a no-op).
* Signals: ``locking(reason)`` before a lock ("idle" or "manual"), then ``locked``;
  ``logged_in(counsellor)``; ``screen_changed(name)``.

Kiosk mode (``kiosk=True``): frameless, full screen, stays on top and takes the screen back
when switched away from; closing the window and Ctrl+Q / Ctrl+W / Alt+F4 ask for a
counsellor PIN (in family mode outside kiosk mode too). The operating system's kiosk
session (a user that starts only ``fvo-kiosk --kiosk``) does the rest.
Whatever the mode, no input for ``idle_timeout_s`` seconds (default: the station's
configured ``idle_minutes``) while someone is logged in locks the kiosk back to the login
screen.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import style, worker
from ui.idle import IdleWatcher
from ui.session import Session

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from kiosk.app import Station
    from kiosk.auth import Counsellor
    from ui.background_sending import BackgroundSending
    from ui.widgets.pin_dialog import PinDialog
    from ui.widgets.sync_indicator import SyncStatus

log = logging.getLogger(__name__)

ScreenFactory = Callable[..., QWidget]

#: Where each screen lives: a screen's module is imported only when it is first shown, which
#: keeps start-up to the login screen short. A module may define further screens in its
#: ``SCREENS``; a name not listed here makes the window import every module listed.
SCREEN_MODULES: dict[str, str] = {
    "login": "ui.screens.login",
    "home": "ui.screens.home",
    "family": "ui.screens.family",
    "family_locked": "ui.screens.family",
    "cases": "ui.screens.case_list",
    "intake": "ui.screens.intake",
    "claims": "ui.screens.claims",
    "sending": "ui.screens.sending",
}

DEFAULT_IDLE_S = 5 * 60.0
#: Screens shown while no counsellor is logged in.
PUBLIC_SCREENS = frozenset({"login", "family_locked"})
#: The application's display name (``ui.main`` sets it; Qt appends it to window titles
#: that do not end with it).
APP_NAME = "FVO Kiosk"

_registry: dict[str, ScreenFactory] = {}
_imported: set[str] = set()


def station_idle_s(station: Station) -> float:
    """The station's idle lock time (``idle_minutes`` of its configuration) in seconds;
    the built-in five minutes if the configuration cannot be read."""
    from kiosk.errors import KioskError

    try:
        return float(station.config.idle_minutes) * 60
    except (KioskError, OSError, ValueError) as exc:
        log.warning("idle minutes not configured, using the default: %s", type(exc).__name__)
        return DEFAULT_IDLE_S


def window_title(demo: bool) -> str:
    """The window title. It ends with the application's display name ("FVO Kiosk"), so the
    platform does not append that name a second time ("… — FVO Kiosk")."""
    return ("DEMO – " if demo else "") + APP_NAME


def register_screen(name: str, factory: ScreenFactory) -> None:
    _registry[name] = factory


def _import_screens(module_name: str) -> None:
    if module_name in _imported:
        return
    _imported.add(module_name)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return  # not written yet
    for name, factory in getattr(module, "SCREENS", {}).items():
        _registry.setdefault(name, factory)


def _find_screen(name: str) -> ScreenFactory | None:
    if name not in _registry and name in SCREEN_MODULES:
        _import_screens(SCREEN_MODULES[name])
    if name not in _registry:
        for module_name in SCREEN_MODULES.values():
            _import_screens(module_name)
    return _registry.get(name)


def screen_names() -> list[str]:
    for module_name in SCREEN_MODULES.values():
        _import_screens(module_name)
    return sorted(_registry)


class MainWindow(QMainWindow):
    locking = Signal(str)
    locked = Signal()
    logged_in = Signal(object)
    screen_changed = Signal(str)

    def __init__(
        self,
        station: Station,
        *,
        kiosk: bool = False,
        idle_timeout_s: float | None = None,
        preload_forms: bool = False,
        send_in_background: bool = False,
    ) -> None:
        super().__init__()
        app = QApplication.instance()
        if isinstance(app, QApplication) and not app.styleSheet():
            style.apply(app)
        self.session = Session(station)
        self.kiosk = kiosk
        self._preload_forms = preload_forms
        #: Sending passes every minute while the kiosk runs (``ui.main``; tests start
        #: passes themselves); see ``sending``.
        self._send_in_background = send_in_background
        self._sending: BackgroundSending | None = None
        self._sending_checked = False
        self._last_waiting: int | None = None
        self._may_close = False
        self._pin_dialog: PinDialog | None = None
        self._current_name: str | None = None
        self._restore_normal = False
        #: Family mode locked by idle time: where to return after a counsellor's PIN, and
        #: who was logged in (preselected in the PIN dialog).
        self._family_resume: dict[str, Any] | None = None
        self._family_resume_counsellor: int | None = None
        self.setWindowTitle(window_title(station.identity.demo))
        self.resize(1280, 800)
        if kiosk:
            self.setWindowFlags(
                self.windowFlags()
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )

        self.header = self._build_header()
        self.stack = QStackedWidget(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sync_indicator: QWidget | None = None

        # Without an explicit time the station's configured one applies, read at the first
        # log-in (not on the way to the first picture).
        self._idle_from_config = idle_timeout_s is None
        self.idle = IdleWatcher(DEFAULT_IDLE_S if idle_timeout_s is None else idle_timeout_s,
                                self)
        self.idle.idle.connect(lambda: self.lock("idle"))

        if kiosk:
            # Switching away (Alt+Tab, a stray system dialog): take the screen back.
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.applicationStateChanged.connect(self._application_state_changed)

    # --- header and status ---------------------------------------------------------------
    def _build_header(self) -> QWidget:
        header = QWidget(self)
        header.setObjectName("header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        self.title_label = QLabel("", header)
        self.title_label.setObjectName("screenTitle")
        self.counsellor_label = QLabel("", header)
        self.counsellor_label.setAccessibleName("Angemeldet")
        for label in (self.title_label, self.counsellor_label):
            label.setWordWrap(True)  # large text on a narrow screen: two lines, not cut
        self.large_text_switch = QCheckBox("Große Schrift", header)
        self.large_text_switch.setAccessibleName("Große Schrift")
        self.high_contrast_switch = QCheckBox("Hoher Kontrast", header)
        self.high_contrast_switch.setAccessibleName("Hoher Kontrast")
        self.lock_button = QPushButton("Sperren", header)
        self.lock_button.setAccessibleName("Kiosk sperren und abmelden")
        self.lock_button.clicked.connect(lambda: self.lock("manual"))
        for control in (self.large_text_switch, self.high_contrast_switch, self.lock_button):
            control.setMinimumHeight(48)
        self.large_text_switch.toggled.connect(self._restyle)
        self.high_contrast_switch.toggled.connect(self._restyle)
        row.addWidget(self.title_label)
        row.addStretch(1)
        row.addWidget(self.counsellor_label)
        row.addWidget(self.large_text_switch)
        row.addWidget(self.high_contrast_switch)
        row.addWidget(self.lock_button)
        return header

    def _restyle(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            before = self.size()
            style.apply(
                app, self.large_text_switch.isChecked(), self.high_contrast_switch.isChecked()
            )
            self._keep_within_screen(before)

    def _keep_within_screen(self, before: QSize) -> None:
        """Larger type or a new screen never makes the window grow past its screen (where
        the bottom row of buttons would be out of reach); it goes back to the size it had."""
        if self.isFullScreen() or self.isMaximized():
            return
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        if layout is not None:
            layout.activate()
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry().size()
        limit = QSize(max(before.width(), room.width()), max(before.height(), room.height()))
        if self.width() > limit.width() or self.height() > limit.height():
            log.warning("window grew past the screen; size restored")
            self.resize(before.boundedTo(limit))

    def finish_startup(self) -> None:
        """What the first picture does not need, done one event-loop turn later to keep
        start-up short: the quit shortcuts (PIN-guarded in kiosk mode) and the status area."""
        if self.sync_indicator is not None:
            return
        from PySide6.QtGui import QKeySequence, QShortcut

        for keys in ("Ctrl+Q", "Ctrl+W", "Alt+F4"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(self.close)
        from ui.widgets.sync_indicator import SyncIndicator, session_status

        station = self.session.station
        indicator = SyncIndicator(lambda: session_status(self.session), self)
        self.sync_indicator = indicator
        # Logged in, back from family mode, any screen change: the count is fresh at once.
        self.screen_changed.connect(lambda _name: indicator.refresh())
        if station.identity.demo:
            demo = QLabel("DEMO-STATION – keine echten Daten", self)
            demo.setObjectName("demoBadge")
            demo.setAccessibleName("Demo-Station, keine echten Daten")
            self.statusBar().addWidget(demo)
        self.statusBar().addPermanentWidget(self.sync_indicator, 1)
        self.statusBar().setVisible(self.header.isVisible())
        indicator.clicked.connect(self.open_sending_panel)
        indicator.refreshed.connect(self._queue_seen)
        sending = self.sending
        if sending is not None:
            sending.finished.connect(lambda _result: indicator.refresh())
            if self._send_in_background:
                sending.start()

    # --- sending in the background ---------------------------------------------------------
    @property
    def sending(self) -> BackgroundSending | None:
        """The station's sending passes (``ui.background_sending``); ``None`` where the
        station's configuration has no ``fit_connect`` section: nothing is sent then."""
        if not self._sending_checked:
            self._sending_checked = True
            from kiosk.errors import KioskError
            from kiosk.sync.runner import sending_configured

            try:
                configured = sending_configured(self.session.station)
            except (KioskError, OSError) as exc:
                log.warning("sending not started: %s", type(exc).__name__)
                configured = False
            if configured:
                from ui.background_sending import BackgroundSending

                self._sending = BackgroundSending(self.session.station, self)
        return self._sending

    def _queue_seen(self, status: SyncStatus) -> None:
        """More claims wait than before (a signature): the next pass comes soon."""
        before, self._last_waiting = self._last_waiting, status.waiting
        if (status.waiting is not None and before is not None and status.waiting > before
                and self._sending is not None):
            self._sending.queue_changed()

    def open_sending_panel(self) -> None:
        """The sending panel, for a logged-in counsellor outside family mode."""
        if (self.session.logged_in and not getattr(self.current_screen, "fullscreen", False)
                and self.current_screen_name != "sending"):
            self.show_screen("sending")

    def after_first_paint(self, fn: Callable[[], None], fallback_ms: int = 1000) -> None:
        """Call ``fn`` one event-loop turn after the window has first been painted (or after
        ``fallback_ms`` if no paint comes, e.g. a hidden window), so start-up work that the
        first picture does not need never delays it."""
        from PySide6.QtCore import QEvent

        done = False

        def run() -> None:
            nonlocal done
            if not done:
                done = True
                self.removeEventFilter(watcher)
                fn()

        class _FirstPaint(QObject):
            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    QTimer.singleShot(0, self, run)
                return False

        watcher = _FirstPaint(self)
        self.installEventFilter(watcher)
        QTimer.singleShot(fallback_ms, watcher, run)  # dropped if the window is gone

    def _update_header(self) -> None:
        c = self.session.counsellor
        self.counsellor_label.setText(f"Angemeldet: {c.name}" if c else "")
        self.lock_button.setVisible(c is not None)

    # --- navigation ----------------------------------------------------------------------
    @property
    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    @property
    def current_screen_name(self) -> str | None:
        return self._current_name

    def has_screen(self, name: str) -> bool:
        return _find_screen(name) is not None

    def show_screen(self, name: str, **kw: Any) -> QWidget:
        return self._switch(name, kw, save=True)

    def _switch(self, name: str, kw: dict[str, Any], save: bool) -> QWidget:
        factory = _find_screen(name)
        if factory is None:
            raise KeyError(f"no screen named {name!r}; known: {screen_names()}")
        if name not in PUBLIC_SCREENS and not self.session.logged_in:
            raise PermissionError("screens other than the login need a logged-in counsellor")
        old = self.stack.currentWidget()
        size_before = self.size()
        if save:
            self._save_current()
        screen = factory(self, **kw)
        if not screen.objectName():
            screen.setObjectName("screen")
        screen.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self._current_name = name
        self.title_label.setText(str(getattr(screen, "title", "")))
        self._set_fullscreen_screen(bool(getattr(screen, "fullscreen", False)))
        self._keep_within_screen(size_before)
        self._update_header()
        first = screen.focusWidget() or screen
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.screen_changed.emit(name)
        return screen

    def show_home(self) -> QWidget:
        return self.show_screen("cases" if self.has_screen("cases") else "home")

    def _set_fullscreen_screen(self, full: bool) -> None:
        self.header.setVisible(not full)
        if self.sync_indicator is not None:
            self.statusBar().setVisible(not full)
        # Let the window's minimum size follow the new screen at once (not the old one's).
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        if layout is not None:
            layout.activate()
        if self.kiosk:
            return
        if full and not self.isFullScreen():
            self._restore_normal = True
            self.showFullScreen()
        elif not full and self._restore_normal:
            self._restore_normal = False
            self.showNormal()

    def _save_current(self) -> None:
        screen = self.stack.currentWidget()
        save = getattr(screen, "save_now", None)
        if callable(save):
            try:
                save()
            except Exception:  # noqa: BLE001 - leaving must not fail; the screen autosaves
                log.exception("saving the current screen failed")

    # --- log-in and lock -----------------------------------------------------------------
    def login_succeeded(self, counsellor: Counsellor) -> None:
        self._family_resume = None
        self.session.counsellor = counsellor
        self.session.case_id = None
        self.logged_in.emit(counsellor)
        self.show_home()
        self._start_idle()

    def resume_after_lock(self, counsellor: Counsellor) -> None:
        """A counsellor's PIN on the locked family screen: log in and return to the same
        case, claim, language and mode (family mode) as before the idle lock."""
        resume = self._family_resume
        if resume is None:
            self.login_succeeded(counsellor)
            return
        self._family_resume = None
        self.session.counsellor = counsellor
        self.logged_in.emit(counsellor)
        try:
            self.show_screen("family", **resume)
        except Exception:  # noqa: BLE001 - the case may be gone: the start screen then
            log.exception("family mode could not be resumed")
            self.show_home()
        self._start_idle()

    def _start_idle(self) -> None:
        if self._idle_from_config:
            self._idle_from_config = False
            self.idle.set_timeout(station_idle_s(self.session.station))
        self.idle.start()  # counts from when the first screen is up
        if self._preload_forms:
            self._preload_forms = False
            # Reading every form file and the intake takes a few hundred ms: do it now, off
            # the UI thread, so the intake, the claims and family mode open at once later.
            station = self.session.station
            self.run_in_background(
                lambda: (station.forms, station.intake),
                lambda _: None,
                lambda exc: log.warning("forms not preloaded: %s", type(exc).__name__),
                parent=self,
            )

    def lock(self, reason: str = "manual") -> None:
        """Back to the login screen; the open screen saves first. ``locking`` comes first."""
        if not self.session.logged_in:
            return
        self.locking.emit(reason)
        log.info("kiosk locked (%s)", reason)
        self.idle.stop()
        if self._pin_dialog is not None:
            self._pin_dialog.reject()
        self._save_current()  # while the counsellor is still known to the screen
        resume_point = getattr(self.current_screen, "resume_point", None)
        resume = resume_point() if callable(resume_point) else None
        counsellor = self.session.counsellor
        self.session.logout()
        if resume is not None:
            # Family mode: the family sees a calm "please call your counsellor" in its
            # language, never the German login; the PIN leads back to the same claim.
            self._family_resume = resume
            self._family_resume_counsellor = counsellor.id if counsellor else None
            self._switch("family_locked", {"lang": resume.get("lang", "de")}, save=False)
        else:
            self._switch("login", {}, save=False)
        self.locked.emit()

    # --- PIN-guarded actions -------------------------------------------------------------
    def ask_pin(
        self,
        reason: str,
        on_ok: Callable[[Counsellor], None],
        on_cancel: Callable[[], None] | None = None,
    ) -> PinDialog:
        from ui.widgets.pin_dialog import ask_pin

        if self._pin_dialog is not None:
            self._pin_dialog.reject()
        preselect = (self.session.counsellor.id if self.session.counsellor
                     else self._family_resume_counsellor if self._family_resume else None)

        def ok(counsellor: Counsellor) -> None:
            self._pin_dialog = None
            on_ok(counsellor)

        def cancel() -> None:
            self._pin_dialog = None
            if on_cancel is not None:
                on_cancel()

        self._pin_dialog = ask_pin(self.session.station, reason, self, ok, cancel, preselect)
        return self._pin_dialog

    @property
    def pin_dialog(self) -> PinDialog | None:
        return self._pin_dialog

    def run_in_background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``fn()`` off the UI thread; ``on_done(result)`` or ``on_error(exc)`` later on the UI
        thread, unless ``parent`` (default: the current screen, else the window) is gone."""
        owner = parent if parent is not None else (self.current_screen or self)
        worker.run(fn, parent=owner, on_done=on_done, on_error=on_error)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        in_family_mode = bool(getattr(self.current_screen, "fullscreen", False))
        if (self.kiosk or in_family_mode) and not self._may_close:
            event.ignore()
            if self._pin_dialog is None:
                self.ask_pin("Zum Beenden des Kiosks bitte eine Berater-PIN eingeben.", self._quit)
            return
        self._save_current()
        self.idle.stop()
        if self._sending is not None:
            self._sending.stop()  # a pass under way ends first (or resumes at next start)
        event.accept()

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive and not self._may_close:
            QTimer.singleShot(300, self._reclaim_screen)

    def _reclaim_screen(self) -> None:
        if self._may_close or not self.isVisible():
            return
        self.raise_()
        self.activateWindow()
        if self._pin_dialog is not None:
            self._pin_dialog.raise_()
            self._pin_dialog.activateWindow()

    def _quit(self, _counsellor: Counsellor | None = None) -> None:
        self._may_close = True
        QTimer.singleShot(0, self.close)
