"""The kiosk window: one patient session, the screens that show it, and lockdown.

The window owns the only `PatientSession`; screens render from it. Idle reset
replaces it with a new one and clears every screen, so nothing of the last
patient survives in a hidden widget.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Config
from kiosk.content import ContentPack, Page
from kiosk.i18n import Strings
from kiosk.paths import KioskPaths
from kiosk.pin import Lockout
from kiosk.session import ATTRACT, HOME, PatientSession, Route, Screen
from kiosk.settings import TEXT_SIZES
from kiosk.theme import palette_for
from kiosk.ui.chrome import NavBar
from kiosk.ui.idle import IdleTimings, IdleWatcher
from kiosk.ui.overlays import HelpOverlay, IdleOverlay
from kiosk.ui.screens.article import ArticleScreen
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.screening import ScreeningScreen
from kiosk.ui.screens.steps import StepsScreen
from kiosk.ui.speech import Reader
from kiosk.ui.staff_actions import WindowStaffActions
from kiosk.ui.staff_gate import CornerTaps, PinPad
from kiosk.ui.staff_panel import StaffPanel
from kiosk.ui.style import Metrics, document_css, stylesheet
from kiosk.usage import UsageLog
from kiosk.voices import wanted_voices

log = logging.getLogger(__name__)

SCREEN_FOR_KIND = {"article": Screen.ARTICLE, "steps": Screen.STEPS,
                   "screening": Screen.SCREENING}
# Keys a locked kiosk swallows: nothing a patient presses may reach the desktop.
_BLOCKED_KEYS = {getattr(Qt.Key, f"Key_F{n}") for n in range(1, 36)} | {
    Qt.Key.Key_Escape, Qt.Key.Key_Meta, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
    Qt.Key.Key_Menu, Qt.Key.Key_Print, Qt.Key.Key_Close, Qt.Key.Key_Launch0,
}


class Lockdown(QObject):
    """App-wide filter: no context menus, right clicks, or shortcut keys."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                    QEvent.Type.MouseButtonRelease) and isinstance(event, QMouseEvent):
            return event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
                event, QKeyEvent):
            mods = event.modifiers()
            if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                       | Qt.KeyboardModifier.MetaModifier):
                return True
            return Qt.Key(event.key()) in _BLOCKED_KEYS
        return False


class KioskWindow(QWidget):
    reset_done = Signal()
    navigated = Signal(object)

    def __init__(self, config: Config, pack: ContentPack, strings: Strings, paths: KioskPaths, *,
                 locked: bool = True, timings: IdleTimings | None = None,
                 usage: UsageLog | None = None, staff_timeout_ms: int = 60_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.setObjectName("kioskRoot")
        # The root takes focus after each screen change, so Tab starts from the top and
        # no button is left looking selected.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setWindowTitle("Patient information kiosk")
        self.config = config
        self.pack = pack
        self.strings = strings
        self.locked = locked
        self.exiting = False
        self.cursor_hidden = False
        self.languages = [code for code in config.get_list("kiosk.languages")
                          if code in pack.pages] or pack.languages or ["en"]
        self.session = self.new_session()
        self.reader = Reader(config.get_str("kiosk.speech_engine"), self,
                             wanted_voices(config, self.languages))
        self.metrics = Metrics.for_size(1920, 1080, self.session.text_size)
        self.colours = palette_for(self.session.high_contrast)
        self.portrait = False
        self._styled: tuple[Metrics, bool] | None = None

        self.nav = NavBar(self)
        self.stack = QStackedWidget()
        # A stack's minimum is its largest page's; hidden screens must not stretch the window.
        self.stack.setMinimumSize(1, 1)
        self.screens: dict[Screen, ScreenBase] = {
            Screen.ATTRACT: AttractScreen(self),
            Screen.HOME: HomeScreen(self),
            Screen.ARTICLE: ArticleScreen(self),
            Screen.STEPS: StepsScreen(self),
            Screen.SCREENING: ScreeningScreen(self),
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.stack, 1)
        column.addWidget(self.nav)
        self.help = HelpOverlay(self, self)
        self.idle_overlay = IdleOverlay(self, self)
        self.idle_overlay.stay.clicked.connect(self.idle_overlay.hide)

        self.nav.home.clicked.connect(lambda: self.navigate(HOME))
        self.nav.back.clicked.connect(self.back)
        self.nav.text_size.clicked.connect(self.cycle_text_size)
        self.nav.contrast.clicked.connect(self.toggle_contrast)
        self.nav.language.clicked.connect(self.next_language)
        self.nav.help.clicked.connect(self.open_help)
        self.nav.about.clicked.connect(self.open_about)

        self.fixed_timings = timings
        self.idle = IdleWatcher(timings or self._timings(config), self)
        self.idle.warn.connect(self._idle_warn)
        self.idle.tick.connect(self.idle_overlay.set_seconds)
        self.idle.resumed.connect(self.idle_overlay.hide)
        self.idle.expired.connect(self._idle_expired)
        self.lockdown = Lockdown(self)
        self.usage = usage or UsageLog(paths.usage_db, config.get_bool("usage.enabled"),
                                       config.get_int("usage.retention_days"))
        self.staff = WindowStaffActions(self, paths, self.usage)
        self.lockout = Lockout(config.get_int("staff.lockout_attempts"),
                               config.get_int("staff.lockout_s"), clock)
        self.pin_pad = PinPad(self, self, self.lockout)
        self.pin_pad.accepted.connect(self._new_pin_entered)
        self.new_pin: str | None = None
        self.staff_panel = StaffPanel(self, self.staff, staff_timeout_ms)
        self.staff_panel.closed.connect(self._staff_closed)
        self.corner = CornerTaps(self, clock)
        self.corner.triggered.connect(self.open_staff)
        self.page_shown: tuple[str, float] | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
            app.installEventFilter(self.corner)
            if locked:
                app.installEventFilter(self.lockdown)
        self.resize(1920, 1080)
        self.apply_theme()
        self.navigate(ATTRACT)
        self.session.touched = False
        # Starting a speech engine takes time: after the first frame, not before it.
        self.reader.start_after_paint(self)

    @staticmethod
    def _timings(config: Config) -> IdleTimings:
        return IdleTimings.from_seconds(config.get_int("kiosk.idle_timeout_s"),
                                        config.get_int("kiosk.idle_warning_s"))

    def apply_config(self, config: Config) -> None:
        """Staff saved settings: use them now, no restart."""
        self.config = config
        self.languages = [code for code in config.get_list("kiosk.languages")
                          if code in self.pack.pages] or self.pack.languages or ["en"]
        if self.fixed_timings is None:
            self.idle.apply(self._timings(config))
        self.lockout.attempts = config.get_int("staff.lockout_attempts")
        self.lockout.base_s = config.get_int("staff.lockout_s")
        self.help.built_for = ("", "")
        self.apply_cursor()
        self._rerender()

    def apply_cursor(self) -> None:
        """Touch screens show no pointer; a windowed demo always keeps it."""
        hide = self.locked and self.config.get_bool("kiosk.hide_cursor")
        if hide and not self.cursor_hidden:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        elif not hide and self.cursor_hidden:
            QApplication.restoreOverrideCursor()
        self.cursor_hidden = hide

    # --- staff mode -----------------------------------------------------------
    def open_staff(self) -> None:
        if self.staff_panel.isVisible() or self.pin_pad.isVisible():
            return
        log.info("staff gesture seen; asking for the PIN")
        self.pin_pad.start("enter", self._show_staff_panel)

    def _show_staff_panel(self) -> None:
        self.idle.set_paused(True)
        self.idle_overlay.hide()
        self.help.hide()
        self.staff_panel.open()

    def _staff_closed(self) -> None:
        self.idle.set_paused(False)
        self.reset_session()

    def ask_new_pin(self) -> None:
        self.new_pin = None
        self.pin_pad.prompt = "New staff PIN (4 to 8 digits)"
        self.pin_pad.start("new")

    def _new_pin_entered(self, pin: str) -> None:
        if self.new_pin is None:
            self.new_pin = pin
            self.pin_pad.prompt = "Enter the new PIN again"
            self.pin_pad.start("new")
            return
        first, self.new_pin = self.new_pin, None
        if pin != first:
            self.staff_panel.message.setText("The two PINs did not match; PIN not changed.")
            return
        error = self.staff.set_pin(pin)
        self.staff_panel.message.setText(f"Could not save the PIN: {error}" if error
                                         else "New staff PIN saved.")

    # --- usage counts (anonymous) ----------------------------------------------
    def count(self, kind: str) -> None:
        self.usage.event(kind)

    def _page_left(self) -> None:
        if self.page_shown is not None:
            page_id, since = self.page_shown
            self.usage.page_view(page_id, self.session.language, time.monotonic() - since)
            self.page_shown = None

    # --- state -------------------------------------------------------------
    def new_session(self) -> PatientSession:
        default = self.config.get_str("kiosk.default_language")
        return PatientSession(
            language=default if default in self.languages else self.languages[0],
            text_size=TEXT_SIZES.index(self.config.get_str("kiosk.text_size")),
            high_contrast=self.config.get_bool("kiosk.high_contrast"),
        )

    def say(self, key: str, **values: object) -> str:
        """A UI string in the patient's language (not QObject.tr, which is for .qm files)."""
        return self.strings.tr(self.session.language, key, **values)

    def document_css(self, large: bool = False) -> str:
        return document_css(self.colours, self.metrics, large)

    def topics(self) -> list[Page]:
        """Home tiles in the configured order (or content order when none is set)."""
        pages = self.pack.ordered(self.session.language, placement="home")
        wanted = self.config.get_list("kiosk.topics")
        if not wanted:
            return pages
        by_id = {p.id: p for p in pages}
        return [by_id[i] for i in wanted if i in by_id]

    @property
    def current_screen(self) -> ScreenBase:
        return self.screens[self.session.route.screen]

    # --- navigation -----------------------------------------------------------
    def navigate(self, route: Route) -> None:
        if route.page_id and self.pack.page(self.session.language, route.page_id) is None:
            log.warning("no page %r in %s; showing Home", route.page_id, self.session.language)
            route = HOME
        self.current_screen.leave()
        self.session.go(route)
        self._show(route)

    def _show(self, route: Route) -> None:
        log.debug("screen %s %s", route.screen.value, route.page_id)  # ids only, like counts
        self.reader.stop()
        self._page_left()
        if route.page_id:
            self.page_shown = (route.page_id, time.monotonic())
        screen = self.screens[route.screen]
        self.help.hide()
        self.setFocus()  # no button keeps a focus ring from the last tap
        screen.enter(route)
        self.stack.setCurrentWidget(screen)
        self._render_chrome()
        self.navigated.emit(route)

    def open_page(self, page_id: str) -> None:
        page = self.pack.page(self.session.language, page_id)
        if page is None:
            return
        self.navigate(Route(SCREEN_FOR_KIND[page.kind], page.id))

    def open_about(self) -> None:
        footer = self.pack.ordered(self.session.language, placement="footer")
        if footer:
            self.open_page(footer[0].id)

    def finish(self) -> None:
        """The patient says they are done: forget them now, not after the idle timeout."""
        log.info("visit ended by the patient")
        self.count("finished")
        self.reset_session()

    def start(self, language: str | None = None) -> None:
        if language and language in self.languages:
            self.session.language = language
        if self.session.route == ATTRACT:
            self.count("visit")
        self.navigate(HOME)

    def back(self) -> None:
        self.current_screen.leave()
        self._show(self.session.back())

    def open_help(self) -> None:
        self.session.help_open = True
        self.help.open()

    # --- patient preferences ------------------------------------------------
    def _next_language(self) -> str:
        index = self.languages.index(self.session.language) \
            if self.session.language in self.languages else -1
        return self.languages[(index + 1) % len(self.languages)]

    def next_language(self) -> None:
        self.reader.stop()
        self.current_screen.leave()
        self.session.language = self._next_language()
        self.session.touched = True
        self._rerender()

    def cycle_text_size(self) -> None:
        self.session.cycle_text_size()
        self.apply_theme()

    def toggle_contrast(self) -> None:
        self.session.toggle_contrast()
        self.apply_theme()

    def apply_theme(self) -> None:
        """Restyle when size, text size or contrast changed (a full restyle costs ~50 ms)."""
        self.metrics = Metrics.for_size(self.width(), self.height(), self.session.text_size)
        self.colours = palette_for(self.session.high_contrast)
        self.portrait = self.height() > self.width()
        key = (self.metrics, self.session.high_contrast)
        if key != self._styled:
            self._styled = key
            self.setStyleSheet(stylesheet(self.colours, self.metrics))
        self._rerender()

    def _rerender(self) -> None:
        self.current_screen.refresh()
        self._render_chrome()
        for overlay in (self.help, self.idle_overlay):
            if overlay.isVisible():
                overlay.open()

    def _render_chrome(self) -> None:
        self.nav.redraw(self.session.route.screen.value, self._next_language(),
                        bool(self.pack.ordered(self.session.language, "footer")))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        metrics = Metrics.for_size(self.width(), self.height(), self.session.text_size)
        if portrait != self.portrait or metrics != self.metrics:
            self.apply_theme()

    # --- idle and reset -----------------------------------------------------
    def _idle_warn(self) -> None:
        if self.session.route.screen is Screen.ATTRACT:
            # Nothing to warn about on the welcome screen; forget a chosen language quietly.
            self.idle.poke()
            if self.session.touched:
                self.reset_session()
            return
        self.idle_overlay.open()

    def _idle_expired(self) -> None:
        log.info("idle reset")
        self.count("idle_reset")
        self.reset_session()

    def reset_session(self) -> None:
        """Forget the patient: a new session, every screen cleared, back to welcome."""
        self._page_left()
        self.reader.stop()
        self.help.hide()
        self.idle_overlay.hide()
        self.pin_pad.close_pad()
        for screen in self.screens.values():
            screen.clear()
        self.session = self.new_session()
        self.apply_theme()
        self._show(ATTRACT)
        self.session.touched = False
        self.reset_done.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Keyboard and switch users: Tab moves, Enter or Space presses the focused control."""
        focus = QApplication.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
                focus, QAbstractButton) and focus.isEnabled():
            focus.click()
            return
        super().keyPressEvent(event)

    # --- lockdown -------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Alt+F4 and the window manager cannot close a locked kiosk; staff Exit can."""
        if self.locked and not self.exiting:
            log.info("close request refused (kiosk is locked)")
            event.ignore()
            return
        app = QApplication.instance()
        if app is not None:
            for watcher in (self.idle, self.lockdown, self.corner, self.staff_panel):
                app.removeEventFilter(watcher)
        self._page_left()
        if self.cursor_hidden:
            QApplication.restoreOverrideCursor()
            self.cursor_hidden = False
        self.reader.shutdown()
        event.accept()

    def exit_kiosk(self) -> None:
        self.exiting = True
        self.close()
