"""Article: a title, the page in large type with finger scrolling, Previous/Next."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Page
from kiosk.glossary import TERM_SCHEME
from kiosk.render import INTERNAL_SCHEME, Block, escape
from kiosk.ui.glossary_card import GenerousLinks, show_term, words_on_page
from kiosk.ui.host import Host
from kiosk.ui.layout import Grid, apply_row, apply_screen
from kiosk.ui.picture_blocks import page_html
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.listen import ListenButton
from kiosk.ui.screens.pager import TopicPager
from kiosk.ui.screens.reading import ReadingFoot, seat_controls, text_and_foot
from kiosk.ui.widgets import make_label, make_reader


def follow_link(host: Host, url: QUrl, where: QWidget | None = None) -> None:
    """Only kiosk pages and glossary words are followed; anything else is ignored
    (never a browser). A glossary word opens its card over the screen `where`."""
    text = url.toString()
    if text.startswith(INTERNAL_SCHEME):
        target = text.removeprefix(INTERNAL_SCHEME)
        if host.pack.page(host.session.language, target) is not None:
            host.open_page(target)
    elif text.startswith(TERM_SCHEME) and where is not None:
        show_term(host, where, text.removeprefix(TERM_SCHEME))


def blocks_html(blocks: list[Block]) -> str:
    """The page's blocks as one document (a diagram shows its words until one is drawn)."""
    return "".join(block.html for block in blocks)


def keep_clear(browser: QTextBrowser, bottom: int) -> None:
    """A blank margin below the page's last line, where the floating foot comes to rest."""
    root = browser.document().rootFrame()
    frame = root.frameFormat()
    frame.setBottomMargin(bottom)
    root.setFrameFormat(frame)


class ReadingHint:
    """'Slide up to read more' while there is more below; 'End' at the bottom."""

    def __init__(self, host: Host, browser: QAbstractScrollArea,
                 more_key: str = "article.more") -> None:
        self.host = host
        self.browser = browser
        self.more_key = more_key
        # Scrolling by no more than this (px) hides nothing but a line's bottom margin:
        # no "More below" for it (the step screen sets half a line).
        self.slack = 0
        self.label = make_label("", "hint")
        bar = browser.verticalScrollBar()
        bar.valueChanged.connect(self.update)
        bar.rangeChanged.connect(self.update)

    def update(self) -> None:
        bar = self.browser.verticalScrollBar()
        scrolls = bar.maximum() > self.slack
        more = scrolls and bar.value() < bar.maximum()
        self.label.setText(("↓  " + self.host.say(self.more_key)) if more
                           else self.host.say("article.end"))
        self.label.setVisible(scrolls)


class ArticleScreen(ScreenBase):
    """One reading column: title, text (with its foot: "More", "Go to"), the pager.

    The column is centred at a comfortable measure and everything in it shares one
    left edge. In landscape the text takes every pixel the title and one row of buttons
    leave: Previous | Listen | More | Next topic. In portrait, where there is height
    to spare and the row is narrow, More and Listen have a row under the text. The
    "Go to" cards come to rest over a blank margin below the last line (ReadingFoot).
    """

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("article")
        self.page: Page | None = None
        self.title = make_label("", "h1")
        self.browser = make_reader()
        self.browser.setObjectName("articleBody")
        self.browser.anchorClicked.connect(lambda url: follow_link(self.host, url, self))
        self.generous = GenerousLinks(self.browser, lambda: self.host.metrics.px(28),
                                      lambda url: follow_link(self.host, url, self))
        self.foot = ReadingFoot(host, self.browser)
        self.pager = TopicPager(host)
        self.listen = ListenButton(host, lambda: f"{self.title.text()}.\n"
                                   f"{self.page.text if self.page else ''}")
        self.column = QVBoxLayout(self)
        # "Topic n of N" at the top right, where the step-through shows "Step n of N":
        # it never crowds the buttons and the text gets the row.
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.pager.position, 0,
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.column.addLayout(title_row)
        # The text and, in portrait, its own row of More and Listen (empty in landscape).
        self.reading, self.foot_row = text_and_foot(self.browser)
        self.column.addLayout(self.reading, 1)
        self.column.addWidget(self.pager)
        self._seat_controls()

    def _seat_controls(self) -> None:
        seat_controls(self.foot.more, self.listen.button, self.pager.row, self.foot_row,
                      self.host.portrait)

    def _fit_column(self) -> None:
        """Centre the reading column; the title starts where the text does."""
        grid = Grid(self.host.metrics)
        apply_screen(self.column, grid, grid.column_side(self.width()))
        self.column.setSpacing(grid.target_gap)  # rows of buttons below: a finger's gap
        self.reading.setSpacing(grid.item)  # the text's own row sits close under it
        apply_row(self.foot_row, grid)
        self.browser.ensurePolished()  # the frame (border and padding) comes from the style
        inset = (self.browser.contentsRect().left() + self.browser.viewportMargins().left()
                 + round(self.browser.document().documentMargin()))
        self.title.setContentsMargins(inset, 0, 0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_column()
        if self.route is not None and event.oldSize().width() != event.size().width():
            # Pictures are drawn at the text's width: a new screen size (a rotation, another
            # monitor) draws them again, after the layout has settled.
            QTimer.singleShot(0, self._redraw_if_shown)

    def _redraw_if_shown(self) -> None:
        if self.route is not None and self.isVisible():
            self.redraw()

    def redraw(self) -> None:
        assert self.route is not None
        host = self.host
        page = host.pack.page(host.session.language, self.route.page_id)
        if page is None:
            return
        self.page = page
        self.title.setText(page.title)
        self.browser.document().setDefaultStyleSheet(host.document_css())
        self.browser.set_max_text_width(host.metrics.body * 36)
        html = page_html(self.browser, host, page.blocks) + words_on_page(host, page.terms)
        note = host.config.get_str("clinic.note")
        if page.placement == "footer" and note:
            html += f"<p><b>{escape(note)}</b></p>"
        self.browser.setHtml(html)
        self.browser.setAccessibleName(page.title)
        self.browser.setAccessibleDescription(page.text[:500])
        self.browser.ensurePolished()
        self._seat_controls()
        self._fit_column()
        self.foot.show_for(page)
        keep_clear(self.browser, self.foot.margin())
        self.browser.verticalScrollBar().setValue(host.session.scroll.get(page.id, 0))
        self.pager.show_for(page)
        self.listen.update()

    def pinned(self) -> list[QWidget]:
        return [self.title, *self.foot.pinned(), self.pager.next]

    def leave(self) -> None:
        if self.page is not None:
            self.host.session.scroll[self.page.id] = self.browser.verticalScrollBar().value()

    def clear(self) -> None:
        super().clear()
        self.page = None
        self.browser.clear()
        self.title.clear()
