"""The foot of a reading column: a fade over the last lines, "More", then "Go to" cards.

Small grey "More below" far from the text was missed, and a last line cut mid-glyph
looked broken. The fade says "this goes on"; "More" is a button that scrolls one
screenful; at the end, the pages this one points to become full-width cards, which
a finger finds more easily than a link in running text.

"More" has a place of its own, never over the text: floating over the bottom of the
text box it sat on an illustration's corner and on the faded lines (a control must
not cover words or a picture). `seat_controls` puts it between Previous and Next topic
in landscape, where a row of its own below the box would cost the text a line on a
768 px screen at the largest text, and in a row right under the text in portrait,
with Listen, as on the step screens. The cards and "the end" still come to rest over
a blank margin kept below the last line, only once the text has been read to its end.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QHBoxLayout,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Page
from kiosk.ui.host import Host
from kiosk.ui.layout import Grid, apply_row
from kiosk.ui.widgets import RichButton, icon_pixmap, make_button, make_label, wrapped_height

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


def card_height(card: RichButton, width: int) -> int:
    """How tall a "Go to" card is at `width`: its title wraps, the icon sits beside it."""
    layout = card.layout()
    if layout is None:
        return card.sizeHint().height()
    margins = layout.contentsMargins()
    icon = card.icon_label.pixmap()
    text = width - margins.left() - margins.right() - (icon.width() + layout.spacing())
    return margins.top() + margins.bottom() + max(icon.height(), wrapped_height(card.title, text))


def text_and_foot(browser: QWidget) -> tuple[QVBoxLayout, QHBoxLayout]:
    """The text box and the row under it (More in portrait; empty, taking no room, in
    landscape), as one column: the row sits close under the text, not a finger's gap."""
    column = QVBoxLayout()
    column.setContentsMargins(0, 0, 0, 0)
    foot_row = QHBoxLayout()
    foot_row.addStretch(1)
    column.addWidget(browser, 1)
    column.addLayout(foot_row)
    return column, foot_row


def seat_controls(more: QWidget, listen: QWidget | None, pager_row: QBoxLayout,
                  foot_row: QBoxLayout, portrait: bool) -> None:
    """Landscape: Previous | Listen | More | Next topic, so the text keeps its full height;
    portrait: More (and Listen, if given) in the row under the text: the pager row is too
    narrow there for four buttons whose labels must stay within two lines. A `listen` of
    None stays where the screen put it (between Previous and Next)."""
    target = foot_row if portrait else pager_row
    if target.indexOf(more) >= 0:
        return
    moving = [more] if listen is None else [more, listen]
    for row in (pager_row, foot_row):
        for widget in moving:
            row.removeWidget(widget)
    if portrait:
        for widget in moving:
            foot_row.addWidget(widget)
    else:
        if listen is not None:
            pager_row.insertWidget(1, listen)
        pager_row.insertWidget(2, more)


class ReadingFoot(QWidget):
    """"More" while there is more below; at the end, "Go to" cards (or "the end").

    `more` is laid out by the screen (`seat_controls`) and keeps its place when hidden,
    so nothing moves when the end is reached. This widget itself floats over the bottom
    of the text box only at the end: the cards and "the end" span the box over the blank
    margin `margin()` that the page keeps below its last line, so they cover no words.
    The text area never changes size under the patient's eyes (nor flips the state back).
    """

    def __init__(self, host: Host, area: QAbstractScrollArea) -> None:
        super().__init__(area)  # the area, not its viewport: viewport children scroll away
        self.host = host
        self.area = area
        self.active = True  # False while the text is not shown (another tab)
        self.fade = Fade(area)
        self.more = make_button("", "nav", "moreButton")
        self.more.clicked.connect(self.page_down)
        keep = self.more.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # the buttons beside it stay put at the end
        self.more.setSizePolicy(keep)
        self.more.hide()
        self.end = make_label("", "hint")
        self.end.setObjectName("readingEnd")
        self.cards: list[RichButton] = []
        self.targets: list[str] = []
        self.deck = QWidget()
        self.row = QHBoxLayout(self.deck)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.shown: QWidget = self.more
        pieces = QHBoxLayout(self)  # one piece shown at a time (a stack would size to all)
        pieces.setContentsMargins(0, 0, 0, 0)
        for piece in (self.deck, self.end):
            pieces.addWidget(piece)
            piece.hide()
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(self.update_state)
        bar.rangeChanged.connect(self.update_state)
        area.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.area and event.type() == QEvent.Type.Resize:
            self.update_state()
        return False

    def inset(self) -> int:
        """Between the foot and the edges of the text box."""
        return self.host.metrics.px(16)

    def margin(self) -> int:
        """Blank space the page keeps below its last line, where the cards come to rest."""
        width = self._span()[1]
        tallest = max(self._height(piece, width) for piece in (self.deck, self.end))
        return tallest + 2 * self.inset()

    def pinned(self) -> list[QWidget]:
        """What must stay in view, whole: "More", or at the end the cards."""
        return [self.more] if self.shown is self.more else [self]

    def _span(self) -> tuple[int, int]:
        """Left edge and width across the text box: the cards start where the text does."""
        inset = self.inset()
        left = round(self.area.document().documentMargin()) \
            if isinstance(self.area, QTextEdit) else inset
        return left, self.area.viewport().width() - left - inset

    def _height(self, piece: QWidget, width: int) -> int:
        """A piece's height at `width` (card titles wrap), at least a button's."""
        least = Grid(self.host.metrics).button
        if piece is not self.deck:
            return max(least, piece.sizeHint().height())
        # Measured from the text, not from the cards' own size: while hidden they keep
        # whatever width they had last, and would answer for that.
        cards = [card for card in self.cards if not card.isHidden()]
        each = (width - (len(cards) - 1) * self.row.spacing()) // max(1, len(cards))
        return max([least, *(card_height(card, each) for card in cards)])

    def page_down(self) -> None:
        """One screenful, less what was faded, so the patient keeps their place."""
        bar = self.area.verticalScrollBar()
        line = self.host.metrics.body * 2
        bar.setValue(bar.value() + max(line, self.area.viewport().height() - self.fade_height()))

    def fade_height(self) -> int:
        """About the last line and a half: enough to say "this goes on", and no more
        words faded than that ("More" is below the box, not over the fade)."""
        return self.host.metrics.body * 2

    def show_for(self, page: Page) -> None:
        """Set up for a newly shown page: its cross-references become cards."""
        host = self.host
        grid = Grid(host.metrics)
        apply_row(self.row, grid)
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
        self.more.setFixedHeight(grid.button)
        self.end.setText(host.say("article.end"))
        self.fade.colour = QColor(host.colours.surface)
        self.update_state()

    def _go(self, card: RichButton) -> None:
        index = self.cards.index(card)
        if index < len(self.targets):
            self.host.open_page(self.targets[index])

    def set_active(self, active: bool) -> None:
        """Whether the text is the tab shown: "More" goes with it."""
        self.active = active
        self.update_state()

    def update_state(self) -> None:
        bar = self.area.verticalScrollBar()
        # The cards only at the end, where the page keeps a blank margin for them: scrolled
        # back up, they would cover the text ("More" is back instead).
        more = bar.maximum() > 0 and bar.value() < bar.maximum()
        self.shown = self.more if more else self.deck if self.targets else self.end
        self.more.setVisible(more and self.active)
        for piece in (self.deck, self.end):
            piece.setVisible(piece is self.shown)
        self.setVisible(not more)  # floats only at the end, over the blank margin
        self.fade.setVisible(more)
        if more:
            self.fade.place(self.fade_height())
        else:
            self._place()

    def _place(self) -> None:
        """Over the blank margin below the last line: the cards across the text box."""
        port = self.area.viewport().geometry()
        inset = self.inset()
        width = self._span()[1]
        height = self._height(self.shown, width)
        self.setGeometry(QRect(port.right() + 1 - inset - width,
                               port.bottom() + 1 - inset - height, width, height))
        self.raise_()
