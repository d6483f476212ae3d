"""The kiosk window: composes the screens, the bar and the overlays, and renders.

The rules live outside Qt: `kiosk.service.Kiosk` owns config, content and
counts and performs staff actions; `kiosk.navigator.Navigator` owns the
patient's session, routing, the back stack and the idle policy. The window
turns taps into calls on them and shows the result. Idle reset replaces the
session and clears every screen, so nothing of the last patient survives in a
hidden widget.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.config import Config
from kiosk.content import ContentPack, Page
from kiosk.i18n import Strings
from kiosk.navigator import Navigator
from kiosk.paths import KioskPaths
from kiosk.service import Kiosk
from kiosk.session import ATTRACT, HOME, PatientSession, Route, Screen
from kiosk.ui.chrome import NavBar
from kiosk.ui.idle import IdleTimings, IdleWatcher
from kiosk.ui.idle_guard import IdleGuard, timings_for
from kiosk.ui.journey import Journey
from kiosk.ui.lockdown import AppFilters, Cursor, EnterPresses, Lockdown
from kiosk.ui.overlays import HelpOverlay, IdleOverlay
from kiosk.ui.screens.article import ArticleScreen
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.screening import ScreeningScreen
from kiosk.ui.screens.steps import StepsScreen
from kiosk.ui.speech import Reader
from kiosk.ui.staff_mode import StaffMode
from kiosk.ui.theming import Theming
from kiosk.usage import UsageLog
from kiosk.voices import wanted_voices

log = logging.getLogger(__name__)


class KioskWindow(QWidget):
    reset_done = Signal()
    navigated = Signal(object)

    def __init__(self, config: Config, pack: ContentPack, strings: Strings, paths: KioskPaths, *,
                 locked: bool = True, timings: IdleTimings | None = None,
                 usage: UsageLog | None = None, staff_timeout_ms: int = 60_000,
                 clock: Callable[[], float] = time.monotonic,
                 service: Kiosk | None = None) -> None:
        super().__init__()
        self.setObjectName("kioskRoot")
        # The root takes focus after each screen change, so Tab starts from the top and
        # no button is left looking selected.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setWindowTitle("Patient information kiosk")
        self.service = service or Kiosk(config, pack, strings, paths, usage=usage, clock=clock)
        self.config, self.pack, self.strings = self.service.config, self.service.pack, strings
        self.usage = self.service.usage
        self.navigator = Navigator(self.service.config, self.service.pack,
                                   count=self.service.count, page_view=self.service.page_view)
        self.locked = locked
        self.exiting = False
        self.reader = Reader(self.config.get_str("kiosk.speech_engine"), self,
                             wanted_voices(self.config, self.navigator.languages))
        self.service.speech_state = lambda: self.reader.status
        self.theming = Theming(self.session.text_size, self.session.high_contrast)
        self.metrics, self.colours, self.portrait = (self.theming.metrics, self.theming.colours,
                                                     False)
        self.pointer = Cursor()

        self.nav = NavBar(self)
        self.stack = QStackedWidget()
        # A stack's minimum is its largest page's; hidden screens must not stretch the window.
        self.stack.setMinimumSize(1, 1)
        self.screens: dict[Screen, ScreenBase] = {
            Screen.ATTRACT: AttractScreen(self), Screen.HOME: HomeScreen(self),
            Screen.ARTICLE: ArticleScreen(self), Screen.STEPS: StepsScreen(self),
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
        self.help.close_button.clicked.connect(self.navigator.close_help)
        self.idle_overlay = IdleOverlay(self, self)

        nav = self.nav
        nav.text_size.chosen.connect(self.set_text_size)
        for button, slot in ((nav.home, lambda: self.navigate(HOME)), (nav.back, self.back),
                             (nav.contrast, self.toggle_contrast),
                             (nav.language, self.next_language), (nav.help, self.open_help),
                             (nav.about, self.open_about)):
            button.clicked.connect(slot)

        self.fixed_timings = timings
        self.idle = IdleWatcher(timings or timings_for(config), self)
        self.idle_guard = IdleGuard(self.idle, self.idle_overlay, self.navigator,
                                    lambda: self.staff.busy, self.reset_session)
        self.idle.hold_while_visible(self.help, "help")  # idle never covers or closes help
        self.lockdown = Lockdown(self)
        self.staff = StaffMode(self, self, self.service, self, clock, staff_timeout_ms)
        self.staff.opened.connect(lambda: self.idle_guard.pause(True))
        self.staff.opened.connect(self.help.hide)
        self.staff.closed.connect(lambda: self.idle_guard.pause(False))
        self.staff.closed.connect(self.reset_session)  # leaving staff mode starts afresh
        self.pin_pad = self.staff.pin_pad
        self.staff_panel = self.staff.panel
        self.service.config_changed.append(self.apply_config)
        self.service.content_changed.append(self._content_changed)
        self.filters = AppFilters([self.idle, self.staff.corner,
                                   *([self.lockdown] if locked else [])])
        self.installEventFilter(EnterPresses(self))
        self.journey = Journey(self)  # My list, Need a moment, Finish and clear
        self.resize(1920, 1080)
        self.apply_theme()
        self._show(ATTRACT)
        # Starting a speech engine takes time: after the first frame, not before it.
        self.reader.start_after_paint(self)

    # --- what screens read (the Host protocol) -------------------------------------
    @property
    def session(self) -> PatientSession:
        return self.navigator.session

    @property
    def languages(self) -> list[str]:
        return self.navigator.languages

    @property
    def current_screen(self) -> ScreenBase:
        return self.screens[self.session.route.screen]

    def say(self, key: str, **values: object) -> str:
        """A UI string in the patient's language (not QObject.tr, which is for .qm files)."""
        return self.strings.tr(self.session.language, key, **values)

    def document_css(self, large: bool = False) -> str:
        return self.theming.document_css(large)

    def topics(self) -> list[Page]:
        return self.navigator.topics()

    def count(self, kind: str) -> None:
        self.service.count(kind)

    # --- configuration and content ------------------------------------------------
    def apply_config(self, config: Config) -> None:
        """Staff saved settings: use them now, no restart."""
        self.config = self.navigator.config = config
        if self.fixed_timings is None:
            self.idle.apply(timings_for(config))
        self.apply_cursor()
        self._rerender()

    def _content_changed(self, pack: ContentPack) -> None:
        self.pack = self.navigator.pack = pack
        self.reset_session()

    def apply_cursor(self) -> None:
        self.pointer.apply(self.locked and self.config.get_bool("kiosk.hide_cursor"))

    # --- navigation -----------------------------------------------------------
    def navigate(self, route: Route) -> None:
        self.current_screen.leave()
        self._show(self.navigator.go(route))

    def _show(self, route: Route) -> None:
        log.debug("screen %s %s", route.screen.value, route.page_id)  # ids only, like counts
        self.reader.stop()
        screen = self.screens[route.screen]
        self.help.hide()
        if self.stack.currentWidget() is not screen or screen.route is None or \
                screen.route.page_id != route.page_id:
            self.setFocus()  # no button keeps a focus ring from the last tap (steps keep it)
        screen.enter(route)
        self.stack.setCurrentWidget(screen)
        self._render_chrome()
        self.navigated.emit(route)

    def open_page(self, page_id: str) -> None:
        route = self.navigator.route_for(page_id)
        if route is not None:
            self.navigate(route)

    def open_about(self) -> None:
        about = self.navigator.about_page()
        if about is not None:
            self.open_page(about.id)

    def finish(self) -> None:
        """The patient says they are done: their list's codes, a thank-you, then forget them."""
        self.journey.finish()

    def start(self, language: str | None = None) -> None:
        self.current_screen.leave()
        self._show(self.navigator.start(language))

    def back(self) -> None:
        """The bar's Back: the screen the patient was on before (help first, if open)."""
        if self.help.isVisible():
            self.help.hide()
            self.navigator.back()
            return
        self.current_screen.leave()
        self._show(self.navigator.back())

    def open_help(self) -> None:
        self.navigator.open_help()
        self.help.open()

    # --- patient preferences ------------------------------------------------
    def next_language(self) -> None:
        self.reader.stop()
        self.current_screen.leave()
        self.session.language = self.navigator.next_language()
        self.session.touched = True
        self._rerender()

    def cycle_text_size(self) -> None:
        self.session.cycle_text_size()
        self.apply_theme()

    def set_text_size(self, size: int) -> None:
        """A segment of the bar's text-size control was tapped."""
        if size != self.session.text_size:
            self.session.text_size = size
            self.session.touched = True
            self.apply_theme()

    def toggle_contrast(self) -> None:
        self.session.toggle_contrast()
        self.apply_theme()

    def apply_theme(self) -> None:
        theming = self.theming
        theming.apply(self, self.session.text_size, self.session.high_contrast)
        self.metrics, self.colours, self.portrait = theming.metrics, theming.colours, \
            theming.portrait
        self._rerender()

    def _rerender(self) -> None:
        self.current_screen.refresh()
        self._render_chrome()
        for overlay in (self.help, self.idle_overlay):
            if overlay.isVisible():
                overlay.open()

    def refresh_chrome(self) -> None:
        self._render_chrome()

    def _render_chrome(self) -> None:
        self.nav.redraw(self.session.route.screen.value, self.navigator.next_language(),
                        self.navigator.about_page() is not None, self.journey.list_size())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self.theming.outdated(self, self.session.text_size):
            self.apply_theme()

    # --- reset -----------------------------------------------------
    def reset_session(self) -> None:
        """Forget the patient: a new session, every screen cleared, back to welcome."""
        self.reader.stop()
        self.help.hide()
        self.idle_overlay.hide()
        self.pin_pad.close_pad()
        for screen in self.screens.values():
            screen.clear()
        self.navigator.reset()
        self.apply_theme()
        self._show(ATTRACT)
        self.reset_done.emit()

    # --- lockdown -------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Alt+F4 and the window manager cannot close a locked kiosk; staff Exit can."""
        if self.locked and not self.exiting:
            log.info("close request refused (kiosk is locked)")
            event.ignore()
            return
        self.filters.remove(self.staff_panel)
        self.navigator.leave_page()
        self.pointer.apply(False)
        self.reader.shutdown()
        event.accept()

    def exit_kiosk(self) -> None:
        self.exiting = True
        self.close()
