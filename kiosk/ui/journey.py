"""The patient's journey around the pages: My list, Need a moment, Finish and clear.

Kept out of kiosk/ui/window.py (composition only): this adds the three screens
to the window, wires the bar's and the overlays' buttons to them, and runs the
finish flow:

1. "Finish and clear" (bar, idle warning, Home): if My list has questions, the
   Finish screen first offers their QR codes ("Scan your questions before we
   clear"); "Clear now" goes on, "Go back" is the One Back.
2. The ending: the visit is counted as finished and the list is dropped at
   once; "Thank you. If you have questions, the front desk can help." shows
   for `ending_ms`, then everything is reset to the welcome screen.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QStackedWidget

from kiosk import mylist
from kiosk.session import Route, Screen
from kiosk.ui.chrome import NavBar
from kiosk.ui.host import Host
from kiosk.ui.idle_guard import IdleGuard
from kiosk.ui.overlays import HelpOverlay, IdleOverlay, Overlay
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.moment import MomentScreen
from kiosk.ui.screens.mylist import FinishScreen, MyListScreen

ENDING_MS = 8000
MY_LIST = Route(Screen.MY_LIST)
MOMENT = Route(Screen.MOMENT)
SCAN = Route(Screen.FINISH, step=0)
ENDING = Route(Screen.FINISH, step=1)


class Window(Host, Protocol):
    """What the journey needs of the kiosk window (a protocol: no import cycle)."""

    screens: dict[Screen, ScreenBase]
    stack: QStackedWidget
    nav: NavBar
    help: HelpOverlay
    idle_overlay: IdleOverlay
    idle_guard: IdleGuard
    navigated: SignalInstance
    reset_done: SignalInstance

    @property
    def pin_pad(self) -> Overlay: ...  # the PIN pad (kiosk.ui.staff_gate.PinPad)

    def back(self) -> None: ...

    def next_language(self) -> None: ...

    def reset_session(self) -> None: ...


class Journey(QObject):
    def __init__(self, window: Window, ending_ms: int = ENDING_MS) -> None:
        super().__init__(window.stack)
        self.window = window
        self.my_list = MyListScreen(window)
        self.moment = MomentScreen(window)
        self.finish_screen = FinishScreen(window)
        for screen, widget in ((Screen.MY_LIST, self.my_list), (Screen.MOMENT, self.moment),
                               (Screen.FINISH, self.finish_screen)):
            window.screens[screen] = widget
            window.stack.addWidget(widget)
        self.ending = QTimer(self)
        self.ending.setSingleShot(True)
        self.ending.setInterval(ending_ms)
        self.ending.timeout.connect(self._ended)
        nav = window.nav
        nav.ending = ENDING  # the thank-you: no Back into the cleared visit
        nav.my_list.clicked.connect(lambda: window.navigate(MY_LIST))
        nav.moment.clicked.connect(self.open_moment)
        nav.finish.clicked.connect(self.finish)
        window.help.moment_button.clicked.connect(self.open_moment)
        window.help.language_button.clicked.connect(window.next_language)
        window.idle_overlay.finish.clicked.connect(self._finish_from_warning)
        self.moment.back_button.clicked.connect(window.back)
        self.finish_screen.back_button.clicked.connect(window.back)
        self.finish_screen.clear_button.clicked.connect(self.end_visit)
        # The PIN pad and the idle warning leave the bar, so "Need help now?", uncovered.
        window.pin_pad.keep_clear = nav
        window.idle_overlay.keep_clear = nav
        window.navigated.connect(self._shown)
        window.reset_done.connect(self.ending.stop)

    def questions(self) -> list[mylist.Entry]:
        w = self.window
        return mylist.gather(w.session, w.pack)

    def list_size(self) -> int:
        return len(self.questions())

    def open_moment(self) -> None:
        self.window.help.hide()
        self.window.navigate(MOMENT)

    def finish(self) -> None:
        """Finish and clear: offer the list's codes first, if there is a list."""
        w = self.window
        if w.session.route.screen is Screen.FINISH:
            return
        if self.questions():
            w.navigate(SCAN)
        else:
            self.end_visit()

    def _finish_from_warning(self) -> None:
        self.window.idle_overlay.hide()
        self.finish()

    def end_visit(self) -> None:
        """Count the visit as finished and drop the list now; the thank-you, then reset."""
        w = self.window
        w.navigator.finish()
        mylist.clear(w.session)
        w.navigate(ENDING)
        w.idle_guard.watcher.hold("ending")  # it resets by itself: no idle reset counted
        self.ending.start()

    def _ended(self) -> None:
        if self.window.help.isVisible():
            self.ending.start()  # never reset under the crisis panel: wait until it closes
            return
        self.window.reset_session()

    def _shown(self, route: Route) -> None:
        self.window.idle_guard.route_shown(route)
        if route != ENDING:
            self.ending.stop()  # the patient moved on (help, Home): no reset under them
            self.window.idle_guard.watcher.hold("ending", False)
