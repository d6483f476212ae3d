"""The foot of a reading column: a fade over the last lines, a big "More", then "Go to" cards.

Small grey "More below" far from the text was missed, and a last line cut mid-glyph
looked broken. The fade says "this goes on"; "More" is a full button that scrolls
one screenful; at the end, the pages this one points to become full-width cards,
which a finger finds more easily than a link in running text.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractScrollArea, QHBoxLayout, QStackedWidget, QWidget

from kiosk.content import Page
from kiosk.ui.host import Host
from kiosk.ui.layout import Grid, apply_row
from kiosk.ui.widgets import RichButton, icon_pixmap, make_button, make_label

MAX_CARDS = 2  # one row of cards; more would crowd the text out on a small screen


class Fade(QWidget):
    """A gradient over the bottom of a scroll area's viewport while more is below."""

    def __init__(self, area: QAbstractScrollArea) -> None:
        super().__init__(area)  # the area, not its viewport: viewport children scroll away
        self.area = area
        self.colour = QColor("#FFFFFF")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def place(self, height: int) -> None:
        port = self.area.viewport().geometry()
        self.setGeometry(QRect(port.left(), port.bottom() + 1 - height, port.width(), height))
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        gradient = QLinearGradient(0, 0, 0, self.height())
        clear = QColor(self.colour)
        clear.setAlpha(0)
        gradient.setColorAt(0, clear)
        gradient.setColorAt(1, self.colour)
        painter.fillRect(self.rect(), gradient)
        painter.end()


class ReadingFoot(QStackedWidget):
    """"More" while there is more below; at the end, "Go to" cards (or "the end").

    A stack, so the foot keeps one height whichever it shows: the text area above
    never changes size under the patient's eyes (nor flips the state back).
    """

    def __init__(self, host: Host, area: QAbstractScrollArea) -> None:
        super().__init__()
        self.host = host
        self.area = area
        self.fade = Fade(area)
        self.more = make_button("", "nav", "moreButton")
        self.more.clicked.connect(self.page_down)
        self.end = make_label("", "hint")
        self.end.setObjectName("readingEnd")
        self.cards: list[RichButton] = []
        self.targets: list[str] = []
        self.reached_end = False
        deck = QWidget()
        self.row = QHBoxLayout(deck)
        self.addWidget(self.more)
        self.addWidget(deck)
        self.addWidget(self.end)
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(self.update_state)
        bar.rangeChanged.connect(self.update_state)

    def page_down(self) -> None:
        """One screenful, less a line, so the patient keeps their place."""
        bar = self.area.verticalScrollBar()
        line = self.host.metrics.body * 2
        bar.setValue(bar.value() + max(line, self.area.viewport().height() - line))

    def show_for(self, page: Page) -> None:
        """Set up for a newly shown page: its cross-references become cards."""
        host = self.host
        grid = Grid(host.metrics)
        apply_row(self.row, grid)
        self.reached_end = False
        links = [link for block in page.blocks for link in getattr(block, "links", ())]
        pages = [p for p in (host.pack.page(host.session.language, i)
                             for i in dict.fromkeys(links)) if p is not None and p.id != page.id]
        pages = pages[:MAX_CARDS]
        while len(self.cards) < len(pages):
            card = RichButton("nav", f"goto-{len(self.cards)}", top=False, icon_right=True,
                              title_role="pagerTitle")
            card.clicked.connect(lambda _=False, c=card: self._go(c))
            self.cards.append(card)
            self.row.addWidget(card, 1)
        for index, card in enumerate(self.cards):
            card.setVisible(index < len(pages))
        self.targets = [p.id for p in pages]
        icon = icon_pixmap("next", host.colours.text, host.metrics.chrome(34))
        for card, target in zip(self.cards, pages, strict=False):
            card.set_content(f"{host.say('article.goto')}: {target.tile}", "", icon)
            card.setAccessibleName(f"{host.say('article.goto')}: {target.title}")
            card.set_margins(host.metrics.px(20), host.metrics.px(10))
            card.set_base_height(grid.button)
        self.more.setText("↓  " + host.say("article.more_button"))
        self.more.setAccessibleName(host.say("article.more_button"))
        self.more.setMinimumHeight(grid.button)
        self.end.setText(host.say("article.end"))
        self.fade.colour = QColor(host.colours.surface)
        self.update_state()

    def _go(self, card: RichButton) -> None:
        index = self.cards.index(card)
        if index < len(self.targets):
            self.host.open_page(self.targets[index])

    def update_state(self) -> None:
        bar = self.area.verticalScrollBar()
        more = bar.maximum() > 0 and bar.value() < bar.maximum()
        # Once the end was seen the cards stay, even if the patient scrolls back up.
        self.reached_end = self.reached_end or (bar.maximum() > 0 and not more)
        end = self.reached_end or bar.maximum() == 0
        if not end:
            self.setCurrentWidget(self.more)
        elif self.targets:
            self.setCurrentIndex(1)
        else:
            self.setCurrentWidget(self.end)
        self.fade.setVisible(more)
        if more:
            self.fade.place(self.host.metrics.body * 2)
