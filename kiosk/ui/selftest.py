"""`kiosk self-test`: prove an install by showing every screen offscreen.

It drives the real window the way a patient would (through the same calls
the buttons make), checks what a patient would see, and optionally saves a
screenshot of every screen for review.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QRect, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTextBrowser, QWidget

from kiosk.content import Page
from kiosk.runtime import Runtime
from kiosk.session import ATTRACT, HOME, Screen
from kiosk.ui.app import make_app
from kiosk.ui.idle import IdleTimings
from kiosk.ui.layout_judge import (
    Finding,
    covered,
    moved,
    not_in_view,
    out_of_reach,
    places,
    scrolling,
    targets,
    too_close,
    wrapped_buttons,
)
from kiosk.ui.picture_blocks import drawn_pictures, pack_pictures, picture_name
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.screening import ScreeningScreen
from kiosk.ui.screens.steps import StepsScreen
from kiosk.ui.selftest_journey import walk_journey
from kiosk.ui.widgets import longest_word
from kiosk.ui.window import KioskWindow
from kiosk.usage import UsageLog

SIZES = ((1920, 1080), (1080, 1920))
# Every text size; the largest twice, in the normal theme and in high contrast (the
# hardest case to fit: a patient who needs one often needs the other).
WALKS = ((0, False), (1, False), (2, False), (2, True))

def clipped(root: QWidget) -> list[str]:
    """Visible widgets squeezed below what their text needs: something is cut off."""
    return [message for _, message in clipped_widgets(root)]


def clipped_widgets(root: QWidget) -> list[tuple[QWidget, str]]:
    """Each widget that is cut off, with what is wrong with it."""
    found: list[tuple[QWidget, str]] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QPushButton) and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                found.append((widget, f"button '{widget.text()}' is cut off: needs "
                              f"{widget.sizeHint().width()} px, has {widget.width()}"))
            continue
        if isinstance(widget, QLabel) and widget.text():
            room = widget.contentsRect().width()
            if widget.wordWrap() and widget.textFormat() == Qt.TextFormat.PlainText and \
                    longest_word(widget) > room + 1:
                found.append((widget, f"text '{widget.text()[:40]}' is cut off: a word needs "
                              f"{longest_word(widget)} px, the line has {room}"))
            elif widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if need > widget.height() + 2:
                    found.append((widget, f"text '{widget.text()[:40]}' is cut off: needs "
                                  f"{need} px high, has {widget.height()}"))
            elif widget.sizeHint().width() > widget.width() + 1:
                found.append((widget, f"text '{widget.text()[:40]}' is cut off: needs "
                              f"{widget.sizeHint().width()} px wide, has {widget.width()}"))
            continue
        if widget.layout() is None:
            continue
        hint, have = widget.minimumSizeHint(), widget.size()
        # An explicit minimum overrides the hint, as in Qt's own layouts.
        need_w = widget.minimumWidth() or hint.width()
        need_h = widget.minimumHeight() or hint.height()
        layout = widget.layout()
        if layout is not None and layout.hasHeightForWidth():
            # Wrapped text: the hint assumes the narrowest width; ask for the real one.
            need_h = widget.minimumHeight() or layout.totalHeightForWidth(have.width())
        if need_w > have.width() + 1 or need_h > have.height() + 1:
            found.append((widget, f"{name} does not fit: needs {need_w}x{need_h}, has "
                          f"{have.width()}x{have.height()}"))
    return found


class SelfTest:
    def __init__(self, window: KioskWindow, shots: Path | None) -> None:
        self.window = window
        self.shots = shots
        self.failures: list[str] = []
        self.screens = 0
        self.steps = 0
        self.saved = 0
        self.prefix = ""
        self.size = SIZES[0]
        self.lang = ""
        self.bar: dict[tuple[tuple[int, int], str, str], dict[str, QRect]] = {}

    def expect(self, ok: bool, message: str) -> None:
        if not ok:
            self.failures.append(f"{self.prefix}{message}")

    def snap(self, name: str, patient: bool = True) -> None:
        for _ in range(4):  # wrapped text may grow a widget once laid out, twice over
            QApplication.processEvents()
        self.screens += 1
        size = self.window.size()
        findings = [Finding(where, frozenset((self.owner(widget),)))
                    for widget, where in clipped_widgets(self.window)]
        if patient:
            findings += self.judge(name)
        for finding in findings:
            self.record(f"{self.prefix}{name}: {finding.text}", finding.owners)
        if (size.width(), size.height()) != self.size:
            # The layout needed more room than the screen has: something is cut off.
            self.failures.append(f"{self.prefix}{name}: does not fit, needs "
                                 f"{size.width()}x{size.height()}")
            self.window.resize(*self.size)
        if self.shots is None:
            return
        path = self.shots / f"{self.prefix.strip(': ').replace(' ', '-')}-{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.window.grab().save(str(path)):
            self.saved += 1
        else:
            self.failures.append(f"could not save {path}")

    def owner(self, widget: QWidget) -> str:
        """Which part of the kiosk a widget belongs to (who fixes what is wrong with it)."""
        w = self.window
        for part, owner in ((w.nav, "bar"), (w.help, "overlays"), (w.idle_overlay, "overlays"),
                            (w.screens[Screen.STEPS], "steps"),
                            (w.screens[Screen.SCREENING], "checklist")):
            if part is widget or part.isAncestorOf(widget):
                return owner
        return "screens"

    def record(self, text: str, owners: frozenset[str]) -> None:
        """A failure, named with the part of the kiosk that has to change to fix it."""
        self.failures.append(f"{text} [{' + '.join(sorted(owners)) or 'screens'}]")

    def judge(self, name: str) -> list[Finding]:
        """The layout rules a patient would trip over (kiosk/ui/layout.py)."""
        w = self.window
        overlay = next((o for o in (w.help, w.idle_overlay) if o.isVisible()), None)
        layer: QWidget = overlay or w.current_screen
        owner = self.owner(layer)
        problems = []
        # Overlays (help, idle warning) and menus must fit whole; reading may scroll.
        if overlay is not None or getattr(layer, "never_scroll", False):
            problems += scrolling(layer, owner)
        problems += wrapped_buttons(layer, owner)
        if overlay is None:
            problems += not_in_view(w.current_screen.pinned(), owner)
        found = targets(layer, owner) + ([] if overlay is not None else targets(w.nav, "bar"))
        problems += too_close(found)
        problems += covered(layer, [(layer, owner)] + ([] if overlay else [(w.nav, "bar")]))
        if w.height() > w.width():
            problems += out_of_reach(found, w.height())
        if overlay is None:
            # Bar buttons stay put under the finger when the text size changes.
            now = places(list(w.nav.buttons()))
            before = self.bar.setdefault((self.size, self.lang, name), dict(now))
            problems += moved(before, now)
        return problems

    def walk(self, lang: str, text_size: int = 0, high_contrast: bool = False) -> None:
        w = self.window
        self.lang = lang
        w.reset_session()
        w.session.text_size = text_size
        w.session.high_contrast = high_contrast
        w.apply_theme()
        self.snap("01-attract")
        w.start(lang)
        self.expect(w.session.route == HOME, "start did not open Home")
        self.expect(w.session.language == lang, f"language is {w.session.language}")
        self.snap("02-home")
        for number, page in enumerate(w.topics() + w.pack.ordered(lang, "footer"), start=3):
            w.open_page(page.id)
            screen = w.current_screen
            self.expect(w.session.route.page_id == page.id, f"page {page.id} did not open")
            tag = f"{number:02d}-{page.id}"
            if isinstance(screen, StepsScreen):
                for index in range(len(page.steps)):
                    self.expect(screen.index == index, f"{page.id}: step {index + 1} not shown")
                    self.expect(screen.title.text() == page.steps[index].title,
                                f"{page.id}: wrong title on step {index + 1}")
                    self.snap(f"{tag}-step{index + 1:02d}")
                    self.step_picture(f"{page.id}: step {index + 1}", screen)
                    self.steps += 1
                    if index < len(page.steps) - 1:
                        screen.step(1)
            elif isinstance(screen, ScreeningScreen):
                self.snap(tag)
                self.page_pictures(tag, page, screen)
                if page.checklist:
                    screen.list_tab.click()
                    self.snap(f"{tag}-list-empty")
                    # The last item first: the shot shows the first one ticked, named in
                    # "Added: ..." (the other is scrolled out of view).
                    screen.items[len(page.checklist) - 1].click()
                    screen.items[0].click()
                    asked = screen.chosen_questions()
                    self.expect(len(asked) == 2, f"{page.id}: checklist built {len(asked)} "
                                "questions, expected 2")
                    self.expect(screen.jump.isVisibleTo(screen),
                                f"{page.id}: no way to My list and its QR code")
                    self.snap(f"{tag}-list")
            else:
                self.expect(bool(page.html), f"{page.id}: empty page")
                self.snap(tag)
                self.page_pictures(tag, page, screen)
        w.open_help()
        self.expect(bool(w.help.numbers()), "help panel shows no crisis numbers")
        self.snap("90-help")
        w.help.hide()
        walk_journey(self)
        w.navigate(HOME)
        w.idle_overlay.open()
        w.idle_overlay.set_seconds(15)
        self.snap("91-idle")
        w.idle_overlay.hide()

    def step_picture(self, where: str, screen: StepsScreen) -> None:
        """Every step shows its picture, whole and on screen."""
        picture = screen.picture
        if picture is None or not picture.isVisible():
            self.failures.append(f"{self.prefix}{where}: no picture")
            return
        picture.repaint()
        for problem in picture.overflow:
            self.failures.append(f"{self.prefix}{where}: picture cut off: {problem}")
        corner = picture.mapTo(self.window, picture.rect().bottomRight())
        self.expect(corner.y() <= self.window.height() and corner.x() <= self.window.width(),
                    f"{where}: picture runs off the screen")

    def page_pictures(self, tag: str, page: Page, screen: ScreenBase) -> None:
        """Every picture a page declares is drawn in it; a screenshot of each."""
        browser = getattr(screen, "browser", None)
        if not isinstance(browser, QTextBrowser):
            return
        wanted = sum(picture_name(b, pack_pictures(self.window.pack)) is not None
                     for b in page.blocks)
        drawn = drawn_pictures(browser)
        self.expect(len(drawn) == wanted, f"{page.id}: {wanted} pictures declared, "
                    f"{len(drawn)} drawn")
        bar = browser.verticalScrollBar()
        for number, (top, width, height) in enumerate(drawn, start=1):
            self.expect(0 < width <= browser.viewport().width() and height > 0,
                        f"{page.id}: picture {number} is cut off: {width}x{height} in a "
                        f"view {browser.viewport().width()} px wide")
            bar.setValue(top)
            self.snap(f"{tag}-picture{number}")
        bar.setValue(0)

    def staff(self) -> None:
        """The PIN pad and every staff tab (staff text is English only)."""
        w = self.window
        w.reset_session()
        w.start(w.languages[0])
        w.pin_pad.start("enter")
        self.snap("95-pin-pad", patient=False)
        w.pin_pad.close_pad()
        w.pin_pad.prompt = "New staff PIN (4 to 8 digits)"
        w.pin_pad.start("new")
        w.pin_pad.press("1")
        w.pin_pad.press("2")
        self.snap("95-pin-pad-digits", patient=False)
        w.pin_pad.close_pad()
        w.staff.open_panel()
        for index, name in enumerate(("status", "settings", "usage", "actions")):
            w.staff_panel.show_tab(index)
            self.snap(f"96-staff-{index}-{name}", patient=False)
            for finding in too_close(targets(w.staff_panel, "staff")):
                self.failures.append(f"{self.prefix}staff {name}: {finding.text}")
        w.staff_panel.leave()
        self.expect(w.session.route == ATTRACT, "leaving staff mode did not return to welcome")

    def idle_reset(self) -> None:
        """A real idle expiry must leave nothing of the patient behind."""
        w = self.window
        self.prefix = "idle reset: "
        w.start(w.languages[-1])
        screening = next((p for p in w.topics() if p.kind == "screening" and p.checklist),
                         None)
        if screening is not None:
            w.open_page(screening.id)
            screen = w.current_screen
            assert isinstance(screen, ScreeningScreen)
            screen.list_tab.click()
            screen.items[0].click()
        w.cycle_text_size()
        w.toggle_contrast()
        w.idle._warn()
        self.expect(w.idle_overlay.isVisible(), "warning not shown")
        w.idle.left_ms = 0
        w.idle._tick()
        s = w.session
        fresh = w.navigator.new_session()
        self.expect(s.route == ATTRACT and s.history == [ATTRACT], "not back on welcome")
        self.expect(s.language == fresh.language, "language not reset")
        self.expect(s.text_size == fresh.text_size and s.high_contrast == fresh.high_contrast,
                    "text size or contrast not reset")
        self.expect(not s.checklist and not s.scroll and not s.step_index,
                    "patient state survived")
        self.expect(not w.journey.my_list.codes.qr.matrix and not s.step_picks,
                    "My list or its QR code survived the reset")
        self.expect(not w.idle_overlay.isVisible(), "warning still shown")


def _pictures(runtime: Runtime, languages: list[str], shots: Path | None) -> list[str]:
    """Every diagram and illustration in every size, language and theme: none cut off."""
    from kiosk.diagrams import load_diagrams
    from kiosk.pictures import load_illustrations
    from kiosk.ui.picture_preview import FIT_VARIANTS, VARIANTS, render_all

    _, found = render_all(load_diagrams(runtime.content_dir, languages),
                          load_illustrations(runtime.content_dir, languages), languages,
                          shots / "pictures" if shots else None,
                          VARIANTS if shots else FIT_VARIANTS)
    return [f"pictures: {problem}" for problem in found]


# Harmless on the offscreen platform (it has no window manager to pass hints to).
QUIET = ("This plugin does not support propagateSizeHints()",)


def _qt_messages(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message not in QUIET:
        print(f"Qt: {message}", file=sys.stderr)


def self_test(runtime: Runtime, screenshots: str | None,
              out: Callable[[str], None] = print,
              sizes: Sequence[tuple[int, int]] = SIZES) -> int:
    started = time.perf_counter()
    previous = qInstallMessageHandler(_qt_messages)
    try:
        return _self_test(runtime, screenshots, out, started, sizes)
    finally:
        qInstallMessageHandler(previous)


def _self_test(runtime: Runtime, screenshots: str | None, out: Callable[[str], None],
               started: float, sizes: Sequence[tuple[int, int]]) -> int:
    app = make_app()
    shots = Path(screenshots) if screenshots else None
    problems = [str(p) for p in runtime.config.errors] + [str(p) for p in runtime.pack.errors]
    if not runtime.pack.pages:
        out("self-test FAILED: no content loaded")
        for problem in problems:
            out(f"  {problem}")
        return 1
    # Counting is off: a self-test is not a patient. Speech is off too: a headless check
    # must not start the machine's speech service (`kiosk check` lists its voices).
    config = dataclasses.replace(runtime.config, values={**runtime.config.values,
                                                         "kiosk.speech_engine": "off"})
    window = KioskWindow(config, runtime.pack, runtime.strings, runtime.paths,
                         locked=False, timings=IdleTimings(3_600_000, 15_000),
                         usage=UsageLog(runtime.paths.usage_db, enabled=False))
    window.show()
    test = SelfTest(window, shots)
    for width, height in sizes:
        window.resize(width, height)
        test.size = (width, height)
        app.processEvents()
        window.resize(width, height)  # again: the first resize may re-arrange the nav bar
        app.processEvents()
        for lang in window.languages:
            for text_size, contrast in WALKS:
                test.prefix = (f"{width}x{height} {lang}"
                               + (f" size{text_size}" if text_size else "")
                               + (" contrast" if contrast else "") + ": ")
                test.walk(lang, text_size=text_size, high_contrast=contrast)
        test.prefix = f"{width}x{height} staff: "
        test.staff()
    test.idle_reset()
    window.exit_kiosk()
    failures = problems + test.failures + _pictures(runtime, window.languages, shots)
    elapsed = time.perf_counter() - started
    pages = len(runtime.pack.ordered(window.languages[0]))
    if failures:
        out(f"self-test FAILED ({len(failures)} problem(s); {test.screens} screens at "
            f"{len(sizes)} size{'s' if len(sizes) != 1 else ''}, {elapsed:.1f} s):")
        for failure in failures:
            out(f"  {failure}")
        return 1
    out(f"self-test ok: {len(window.languages)} languages, {pages} pages, "
        f"{test.steps // len(sizes) // len(window.languages) // len(WALKS)} steps, "
        f"{test.screens} screens at {len(sizes)} size{'s' if len(sizes) != 1 else ''}"
        + (f", {test.saved} screenshots in {shots}" if shots else "")
        + f", {elapsed:.1f} s")
    return 0
