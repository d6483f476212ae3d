"""Self-test of the patient's journey: help over every kind of screen, the idle warning,
Need a moment, My list (empty, short, full), the Finish screen and the ending.

Called from `kiosk.ui.selftest.SelfTest.walk` for every size, language and text size.
"""

from __future__ import annotations

from typing import Protocol

from kiosk import mylist
from kiosk.session import ATTRACT, HOME, Screen
from kiosk.ui.journey import ENDING, MOMENT, MY_LIST
from kiosk.ui.window import KioskWindow


class SelfTest(Protocol):
    """The self-test's side (kiosk.ui.selftest.SelfTest; a protocol: no import cycle)."""

    window: KioskWindow

    def expect(self, ok: bool, message: str) -> None: ...

    def snap(self, name: str) -> None: ...


def pick_everything(test: SelfTest) -> int:
    """Tick every question the pack offers (the longest list); returns how many."""
    return len(mylist.pick_everything(test.window.session, test.window.pack))


def _restart(test: SelfTest, lang: str, text_size: int, contrast: bool) -> None:
    """A reset forgets the text size and contrast: set them again, as the walk had them."""
    w = test.window
    w.reset_session()
    w.session.language = lang
    w.session.text_size = text_size
    w.session.high_contrast = contrast
    w.apply_theme()


def walk_journey(test: SelfTest) -> None:
    w = test.window
    lang = w.session.language
    text_size, contrast = w.session.text_size, w.session.high_contrast
    # Help over every kind of screen: nothing covers it, and it shows the numbers.
    kinds = [(ATTRACT, "attract"), (HOME, "home")]
    for page in w.topics():
        route = w.navigator.route_for(page.id)
        if route is not None and route.screen not in [r.screen for r, _ in kinds]:
            kinds.append((route, route.screen.value))
    kinds += [(MY_LIST, "my-list"), (MOMENT, "moment")]
    for route, name in kinds:
        if route == ATTRACT:
            _restart(test, lang, text_size, contrast)
        else:
            w.navigate(route)
        w.open_help()
        test.expect(w.help.isVisible() and bool(w.help.numbers()),
                    f"help over {name}: no crisis numbers")
        test.snap(f"80-help-over-{name}")
        w.help.hide()
    w.start(lang)
    # Need a moment, and back to where the patient was.
    w.navigate(HOME)
    w.navigate(MOMENT)
    test.snap("81-moment")
    w.back()
    test.expect(w.session.route == HOME, "Need a moment did not lead back to Home")
    # My list: empty, short, full (every question the pack offers).
    mylist.clear(w.session)
    w.navigate(MY_LIST)
    test.snap("82-my-list-empty")
    safety = next((p for p in w.topics() if p.checklist), None)
    if safety is not None:
        w.session.checklist[safety.id] = {0}
        w.refresh_chrome()
        w.current_screen.refresh()
        test.expect(w.nav.my_list.isVisibleTo(w.nav) or w.session.route == MY_LIST,
                    "no My list button")
        test.snap("83-my-list-short")
    total = pick_everything(test)
    w.current_screen.refresh()
    codes = w.journey.my_list.codes
    # Every screen gets a code holding question 1 onwards, in order; the rest is named.
    test.expect(bool(codes.plan.codes) and codes.plan.codes[0].first == 1,
                f"no QR code starting at question 1 for a list of {total}")
    test.expect(codes.module_px() >= codes.min_module_px(),
                f"QR modules of {codes.module_px()} px (at least {codes.min_module_px()})")
    test.expect(not codes.plan.left_out or codes.left_out.isVisibleTo(codes),
                f"questions {codes.plan.left_out} did not fit, and no word why")
    test.snap("84-my-list-full")
    codes.toggle_size()
    test.snap("85-my-list-enlarged")
    codes.toggle_size()
    # Finish and clear: the codes first, then the ending, then nothing is left.
    w.finish()
    test.expect(w.session.route.screen is Screen.FINISH, "Finish did not offer the QR codes")
    finish = w.journey.finish_screen
    test.expect((bool(finish.codes.plan.codes) and finish.codes.qr.isVisibleTo(finish))
                or finish.title.text() != w.say("finish.scan_title"),
                "the Finish screen says scan without a code")
    test.snap("86-finish-scan")
    w.journey.end_visit()
    test.expect(w.session.route == ENDING and not mylist.gather(w.session, w.pack),
                "the list survived Finish")
    test.snap("87-finish-thanks")
    _restart(test, lang, text_size, contrast)
    w.start(lang)
