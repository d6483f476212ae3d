"""Article: a title, the page in large type with finger scrolling, Previous/Next."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QAbstractScrollArea, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content import Page
from kiosk.glossary import TERM_SCHEME
from kiosk.render import INTERNAL_SCHEME, Block, escape
from kiosk.ui.glossary_card import GenerousLinks, show_term, words_on_page
from kiosk.ui.host import Host
from kiosk.ui.picture_blocks import page_html
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.listen import ListenButton
from kiosk.ui.screens.pager import TopicPager
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


class ReadingHint:
    """'Slide up to read more' while there is more below; 'End' at the bottom."""

    def __init__(self, host: Host, browser: QAbstractScrollArea,
                 more_key: str = "article.more") -> None:
        self.host = host
        self.browser = browser
        self.more_key = more_key
        self.label = make_label("", "hint")
        bar = browser.verticalScrollBar()
        bar.valueChanged.connect(self.update)
        bar.rangeChanged.connect(self.update)

    def update(self) -> None:
        bar = self.browser.verticalScrollBar()
        more = bar.maximum() > 0 and bar.value() < bar.maximum()
        self.label.setText(("↓  " + self.host.say(self.more_key)) if more
                           else self.host.say("article.end"))
        self.label.setVisible(bar.maximum() > 0)


class ArticleScreen(ScreenBase):
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
        self.hint = ReadingHint(host, self.browser)
        self.pager = TopicPager(host)
        self.listen = ListenButton(host, lambda: f"{self.title.text()}.\n"
                                   f"{self.page.text if self.page else ''}")
        self.column = QVBoxLayout(self)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.listen.button)
        self.column.addLayout(title_row)
        self.column.addWidget(self.browser, 1)
        self.column.addWidget(self.hint.label)
        self.column.addWidget(self.pager)

    def redraw(self) -> None:
        assert self.route is not None
        host = self.host
        page = host.pack.page(host.session.language, self.route.page_id)
        if page is None:
            return
        self.page = page
        m = host.metrics
        self.column.setContentsMargins(m.px(48), m.px(24), m.px(48), m.px(16))
        self.column.setSpacing(m.px(12))
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
        self.browser.verticalScrollBar().setValue(host.session.scroll.get(page.id, 0))
        self.hint.update()
        self.pager.show_for(page)
        self.listen.update()

    def leave(self) -> None:
        if self.page is not None:
            self.host.session.scroll[self.page.id] = self.browser.verticalScrollBar().value()

    def clear(self) -> None:
        super().clear()
        self.page = None
        self.browser.clear()
        self.title.clear()
