"""My list: every question picked this visit, with QR codes to take them home.

Also the Finish screen: "Scan your questions before we clear", then the
thank-you, then everything is cleared (see kiosk.ui.journey).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk import mylist
from kiosk.ui.host import Host
from kiosk.ui.layout import Grid, apply_row
from kiosk.ui.qrpanel import QrPanel
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.widgets import (
    FitScrollArea,
    RichButton,
    icon_pixmap,
    make_button,
    make_label,
    stacked,
)

# Where an empty list sends the patient: the pages whose ticks fill it (as "list.empty" says).
LIST_SOURCES = ("questions", "safety")
UNLIMITED = 16_777_215  # Qt's QWIDGETSIZE_MAX (PySide6 does not export it)


class HuggingScroll(FitScrollArea):
    """A list that is never taller than its words while `hug` is on: with one or two
    questions the code and the words that say what to do with it come right under the
    list, and the spare room goes below everything (a bare gap between a question and
    its code read as two unrelated things). A long list still takes all the room there
    is and scrolls."""

    def __init__(self, content: QWidget) -> None:
        super().__init__(content)
        self.hug = True

    def refit(self) -> None:
        super().refit()
        content = self.widget()
        frame = 2 * self.frameWidth()
        self.setMaximumHeight(content.minimumHeight() + frame if self.hug and content
                              else UNLIMITED)


class MyListScreen(ScreenBase):
    """The questions on the left (they scroll on their own), the code on the right."""

    title_key = "list.title"
    offers_go_to = True  # the Finish screen is never shown for an empty list

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("myList")
        self.title = make_label("", "h1")
        self.note = make_label("", "muted")
        self.questions = make_label("")
        self.questions.setObjectName("myListQuestions")
        self.list_area = HuggingScroll(stacked(self.questions)[0])
        self.list_area.setObjectName("myListScroll")
        self.codes = QrPanel(host, "myListQr")
        self.codes.enlarge.connect(lambda _big: self.redraw())
        self.buttons = QHBoxLayout()  # the Finish screen's "Go back" / "Clear now"
        # An empty list is no dead end: a "Go to" card (as at an article's end) per source.
        self.go_to = QVBoxLayout()
        self.go_cards: list[RichButton] = []
        self.go_targets: list[str] = []
        self.left = QVBoxLayout()
        self.left.addWidget(self.title)
        self.left.addWidget(self.note)
        self.left.addWidget(self.list_area, 1)
        self.left.addLayout(self.go_to)
        self.left.addWidget(self.codes)
        self.left.addLayout(self.buttons)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.body.addLayout(self.left, 1)
        self.body.addWidget(self.codes.qr, 0, Qt.AlignmentFlag.AlignTop
                            | Qt.AlignmentFlag.AlignHCenter)

    def entries(self) -> list[mylist.Entry]:
        return mylist.gather(self.host.session, self.host.pack)

    # Portrait: title, note, a few lines of the list and the code controls (fixed + text).
    reserved_px, reserved_text_px = 300, 320

    def qr_room(self) -> tuple[int, int]:
        """Square sides for the code: normally, and enlarged (the list then steps aside)."""
        m = self.host.metrics
        # A page of the stack not shown yet may not have its size: the stack has.
        stack = self.parentWidget()
        area = stack.size() if stack is not None else self.size()
        width, height = area.width() - m.px(96), area.height() - m.px(24)
        if self.host.portrait:
            reserved = m.px(self.reserved_px) + m.tx(self.reserved_text_px)
            side, big = min(width, height - reserved), min(width, height - m.px(240))
        else:
            side, big = min(height, int(width * 0.5)), min(height, width)
        # The first question always gets a code: the list gives up room (it scrolls).
        need = self.codes.room_for_first([e.text for e in self.entries()])
        return max(side, min(need, big)), big

    def redraw(self) -> None:
        host = self.host
        m = host.metrics
        self.body.setContentsMargins(m.px(48), m.px(12), m.px(48), m.px(12))
        self.body.setSpacing(m.px(40))
        self.left.setSpacing(m.px(14))
        self.buttons.setSpacing(m.px(24))
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if host.portrait
                               else QBoxLayout.Direction.LeftToRight)
        self._place_code(host.portrait)
        self.title.setText(host.say(self.title_key))
        self.note.setText(host.say("list.private"))
        entries = self.entries()
        texts = [e.text for e in entries]
        self.questions.setText("\n\n".join(f"{n}. {t}" for n, t in enumerate(texts, start=1))
                               if texts else host.say("list.empty"))
        side, big = self.qr_room()
        self.codes.show_questions(texts, side, big)
        big_code = self.codes.enlarged and bool(self.codes.plan.codes)
        for widget in (self.note, self.list_area):
            widget.setVisible(not big_code)
        self.codes.setVisible(bool(texts))
        # An empty list's sentence keeps the room above its "Go to" cards: they sit low,
        # in reach in portrait.
        self.list_area.hug = bool(texts)
        self._show_go_to(not texts and self.offers_go_to)
        self.list_area.refit()

    def _show_go_to(self, empty: bool) -> None:
        """Large "Go to: <page>" cards under an empty list's sentence (hidden otherwise)."""
        host = self.host
        grid = Grid(host.metrics)
        apply_row(self.go_to, grid)
        pages = [p for p in (host.pack.page(host.session.language, i) for i in LIST_SOURCES)
                 if p is not None] if empty else []
        while len(self.go_cards) < len(pages):
            card = RichButton("nav", f"listGoto-{len(self.go_cards)}", top=False,
                              icon_right=True, title_role="pagerTitle")
            card.clicked.connect(lambda _=False, c=card: self._go(c))
            self.go_cards.append(card)
            self.go_to.addWidget(card)
        self.go_targets = [p.id for p in pages]
        icon = icon_pixmap("next", host.colours.text, host.metrics.chrome(34))
        for index, card in enumerate(self.go_cards):
            card.setVisible(index < len(pages))
        for card, page in zip(self.go_cards, pages, strict=False):
            card.set_content(f"{host.say('article.goto')}: {page.tile}", "", icon)
            card.setAccessibleName(f"{host.say('article.goto')}: {page.title}")
            card.set_margins(host.metrics.px(20), host.metrics.px(10))
            card.set_base_height(grid.button)

    def _go(self, card: RichButton) -> None:
        index = self.go_cards.index(card)
        if index < len(self.go_targets):
            self.host.open_page(self.go_targets[index])

    def _place_code(self, portrait: bool) -> None:
        """Portrait: the code above its controls, so "Next code", "Go back" and "Clear now"
        sit low, within reach from a wheelchair; landscape: the code beside the list."""
        qr = self.codes.qr
        target = self.left if portrait else self.body
        if target.indexOf(qr) >= 0:
            return
        (self.body if portrait else self.left).removeWidget(qr)
        if portrait:
            self.left.insertWidget(self.left.indexOf(self.codes), qr, 0,
                                   Qt.AlignmentFlag.AlignHCenter)
        else:
            self.body.addWidget(qr, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """A new screen size gives the codes new room: plan them again."""
        super().resizeEvent(event)
        if self.route is not None and self.isVisible() and \
                self.codes.side != self.qr_room()[0]:
            self.redraw()

    def leave(self) -> None:
        if self.codes.enlarged:
            self.codes.toggle_size()

    def clear(self) -> None:
        super().clear()
        self.questions.clear()
        self.codes.clear()


class FinishScreen(MyListScreen):
    """Step 0: 'Scan your questions before we clear'; step 1: the thank-you."""

    title_key = "finish.scan_title"
    offers_go_to = False
    reserved_px, reserved_text_px = 300, 300  # no list here, but "Go back" / "Clear now"

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("finish")
        self.codes.left_out_key = "finish.left_out"
        self.back_button = make_button("", "nav", "finishBack")
        self.clear_button = make_button("", "primary", "clearNow")
        self.buttons.addWidget(self.back_button, 1)
        self.buttons.addWidget(self.clear_button, 1)
        self.thanks = make_label("", "hero")
        self.thanks.setObjectName("thanks")
        self.front_desk = make_label("", "h2")
        self.cleared = make_label("", "muted")
        for label in (self.thanks, self.front_desk, self.cleared):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.left.insertWidget(self.left.count() - 1, label)

    @property
    def ending(self) -> bool:
        return self.route is not None and self.route.step == 1

    def redraw(self) -> None:
        super().redraw()
        host = self.host
        ending = self.ending
        self.thanks.setText(host.say("finish.thanks"))
        self.front_desk.setText(host.say("finish.front_desk"))
        self.cleared.setText(host.say("finish.cleared"))
        # Never "scan" without a code: then the list itself, to photograph or copy.
        scan = bool(self.codes.plan.codes)
        self.title.setText(host.say("finish.scan_title" if scan else "finish.copy_title"))
        self.note.setText(host.say("finish.scan_hint") if scan else
                          f"{host.say('list.no_code')} {host.say('finish.scan_hint')}")
        for button, key in ((self.back_button, "finish.keep"),
                            (self.clear_button, "finish.clear")):
            button.setText(host.say(key))
            button.setAccessibleName(host.say(key))
            button.setVisible(not ending)
        for widget in (self.thanks, self.front_desk, self.cleared):
            widget.setVisible(ending)
        self.title.setVisible(not ending)
        # Scanning is the point here (the list itself is on My list), unless nothing fits.
        self.list_area.setVisible(not scan and not ending)
        self.codes.left_out.setVisible(scan and bool(self.codes.plan.left_out))
        if ending:
            # The thank-you alone, across the whole screen.
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            for part in (self.note, self.list_area, self.codes, self.codes.qr):
                part.hide()  # the list is already gone: only the thank-you
