"""Session step-through: one step per screen, each with its picture, phases a patient can tap.

Swipe with one finger or tap Next/Previous; a phase label jumps to that phase's
first step, and the progress dots sit under their own phase. Portrait puts the
picture above the words and every control in the lower two-thirds (reach);
landscape puts the picture (under "Step n of N" and the phases) beside words that
have the full height. Listen sits at the foot of the words, as on an article. The
last step's button names the topic it leads to, so there is no dead end.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk import mylist
from kiosk.content import Page, Step
from kiosk.theme import BODY_PX
from kiosk.ui.add_to_list import QuestionCard
from kiosk.ui.diagrams import IllustrationWidget, TimelineWidget
from kiosk.ui.host import Host
from kiosk.ui.layout import Grid
from kiosk.ui.picture_blocks import FittedPicture, pack_pictures, step_picture, words_html
from kiosk.ui.screens.article import ReadingHint, follow_link
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.listen import ListenButton
from kiosk.ui.screens.reading import Fade
from kiosk.ui.style import Metrics
from kiosk.ui.widgets import SwipeFilter, make_button, make_label, make_reader, set_icon


class PhaseDots(QWidget):
    """The dots of one phase: filled where the patient has been, ringed ahead, the current
    one larger; drawn across the phase's own column so they line up under its label."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.current = -1  # index within the phase; -1 before it, count after it
        self.fill = QColor("#1D5B73")
        self.empty = QColor("#6C7C86")
        self.hole = QColor("#F4F1EA")
        self.dot = 18
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.count * self.dot * 2, int(self.dot * 1.8))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.count * self.dot + 4, int(self.dot * 1.8))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if not self.count:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        slot = self.width() / self.count
        y = self.height() / 2
        painter.setPen(QPen(self.empty, max(2, self.dot // 6)))
        painter.drawLine(QPointF(slot / 2, y), QPointF(self.width() - slot / 2, y))
        for index in range(self.count):
            centre = QPointF(slot * (index + 0.5), y)
            radius = self.dot / 2 * (1.35 if index == self.current else 1.0)
            if index <= self.current:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self.fill)
            else:
                painter.setPen(QPen(self.empty, max(2, self.dot // 8)))
                painter.setBrush(self.hole)
            painter.drawEllipse(QRectF(centre.x() - radius, centre.y() - radius,
                                       radius * 2, radius * 2))
        painter.end()


def two_lines(button: QPushButton, text: str, width: int) -> str:
    """The text, broken at the space nearest its middle when one line would not fit."""
    button.ensurePolished()
    metrics = button.fontMetrics()
    if metrics.horizontalAdvance(text) <= width or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return f"{text[:cut]}\n{text[cut + 1:]}"


class PhaseStrip(QWidget):
    """Phase labels as buttons, each over its own dots; columns as wide as their steps."""

    def __init__(self, tapped: Callable[[str], None]) -> None:
        super().__init__()
        self.tapped = tapped
        self.setObjectName("phaseStrip")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QPushButton] = []
        self.dots: list[PhaseDots] = []

    def ensure(self, count: int) -> None:
        while len(self.buttons) < count:
            column = len(self.buttons)
            button = make_button("", "phase", f"phase{column + 1}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, b=button: self.tapped(b.accessibleName()))
            dots = PhaseDots()
            self.grid.addWidget(button, 0, column)
            self.grid.addWidget(dots, 1, column)
            self.buttons.append(button)
            self.dots.append(dots)


class StepsScreen(ScreenBase):
    """One step: picture and words side by side in landscape, stacked in portrait.

    Landscape: a lead column (where you are: "Step n of N" and the phases, then the
    picture) beside the words, so the words get the full height. Portrait: the picture
    on top, the words under it, and every control (phases, Add to my list, Listen,
    Previous/Next) in the lower two-thirds. The words grow (up to `GROW`) to fill
    their box when the step is short, so no step is a half-empty screen.
    """

    GROW = 1.4  # the words may grow to 1.4x the patient's text size to fill their box
    # ... and, whatever the text size, up to 1.8x the screen's normal reading size (below
    # the title's size): a short step fills its box instead of leaving a bare half.
    GROW_SCREEN = 1.8
    WIDER = 1.8  # portrait: an illustration's panel may be this much wider than the drawing
    SCROLL_PICTURE = 0.36  # portrait: the picture's share of the height when words scroll

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("steps")
        self.page: Page | None = None
        self.page_title = make_label("", "muted")
        self.phases = PhaseStrip(self.jump)
        self.title = make_label("", "h1")
        self.when = make_label("", "when")
        self.browser = make_reader()
        self.browser.setObjectName("stepBody")
        self.browser.anchorClicked.connect(lambda url: follow_link(self.host, url, self))
        self.browser.viewport().installEventFilter(self)  # words refit on a new size
        self.hint = ReadingHint(host, self.browser)
        # A line cut through by the box's edge looked broken: while more is below, the
        # last line fades out, as on an article ("More below" sits right under it).
        self.fade = Fade(self.browser)
        bar = self.browser.verticalScrollBar()
        bar.valueChanged.connect(lambda *_: self._fade_update())
        bar.rangeChanged.connect(lambda *_: self._fade_update())
        # Its line is kept when hidden: showing it must not shrink the words' box (which
        # would make words that just fit scroll, and the hint stay).
        keep = self.hint.label.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.hint.label.setSizePolicy(keep)
        self.previous = make_button("", "nav", "previousStep")
        self.position = make_label("", "hint", wrap=False)
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.next = make_button("", "primary", "nextStep")
        self.next.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # arrow after the text
        # On the first step, where there is no Previous, how to go on: in its place, so
        # Next stays put (and a first-time patient learns that a swipe works too).
        self.start_hint = make_label("", "hint")
        self.start_hint.setObjectName("stepsStartHint")
        self.start_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.swipe = SwipeFilter(self)
        self.swipe.swiped.connect(self.step)
        self.swipe.watch(self.browser.viewport())
        self.swipe.watch(self)
        self.listen = ListenButton(host, self._spoken)
        self.question = QuestionCard(host, host.refresh_chrome)
        self.picture: FittedPicture | None = None
        self._pictures: dict[int, FittedPicture] = {}  # by step, for `_pictures_of`
        self._pictures_of: Page | None = None
        self.warm_ms = 300  # after the step has been painted
        self._html = ""
        self._fitted: tuple[str, int, int, int] | None = None  # (html, width, height, base)
        self.word_px = 0  # the words' font size now (at least the patient's text size)
        self.share = 0.44  # landscape: the picture column's share of the width
        self._shares: dict[tuple[str, str, int, int, Metrics], float] = {}  # lead_share
        self._drawn_for = QSize()  # the room the last redraw laid the step out for

        # Where you are: the page's name and "Step n of N" on one row.
        self.top = QWidget()
        top = QHBoxLayout(self.top)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.page_title, 1)
        top.addWidget(self.position)
        self.picture_box = QVBoxLayout()
        self.picture_box.setContentsMargins(0, 0, 0, 0)
        # The lead column: where you are, the phases (landscape), the picture.
        self.lead_box = QWidget()
        self.lead = QVBoxLayout(self.lead_box)
        self.lead.setContentsMargins(0, 0, 0, 0)
        self.lead.addWidget(self.top)
        self.lead.addWidget(self.phases)
        self.lead.addLayout(self.picture_box, 1)
        # The foot of the words: "More below" and Listen at its right, as on an article.
        self.foot = QWidget()
        foot = QHBoxLayout(self.foot)
        foot.setContentsMargins(0, 0, 0, 0)
        foot.addWidget(self.hint.label, 1)
        foot.addWidget(self.listen.button, 0, Qt.AlignmentFlag.AlignBottom)
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.addWidget(self.when)
        text.addWidget(self.title)
        text.addWidget(self.browser, 1)
        text.addWidget(self.foot)  # right under the words it speaks of ("More below")
        text.addWidget(self.question)  # the step's question and "Add to my list"
        self.text_column = text
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.addWidget(self.lead_box)
        self.body.addLayout(text, 1)
        # Previous/Next: under the words in landscape (the lead column then runs the full
        # height, so the picture is as large as it can be), across the foot in portrait.
        self.nav_box = QWidget()
        self.buttons = QHBoxLayout(self.nav_box)
        self.buttons.addWidget(self.previous, 1)
        self.buttons.addWidget(self.start_hint, 1)
        self.buttons.addWidget(self.next, 1)
        self.column = QVBoxLayout(self)
        self.column.addLayout(self.body, 1)

    def area(self) -> QSize:
        """The screen's size once shown: a hidden screen in the stack keeps an old size, so
        ask the stack (the layout is worked out before the screen is shown)."""
        parent = self.parentWidget()
        return parent.size() if parent is not None else self.size()

    def _spoken(self) -> str:
        if self.page is None:
            return ""
        step = self.page.steps[self.index]
        return f"{step.when}. {step.title}.\n{step.text}" if step.when else \
            f"{step.title}.\n{step.text}"

    @property
    def index(self) -> int:
        return self.host.navigator.step_index(self.page) if self.page is not None else 0

    def step(self, delta: int) -> None:
        """Next/Back within the steps; past the last step the Navigator leads on."""
        if self.page is None or not self.isVisible():
            return
        target = self.host.navigator.step(self.page, delta)
        if target is not None:
            self.host.navigate(target)

    def jump(self, phase: str) -> None:
        """A tap on a phase label: that phase's first step."""
        if self.page is None:
            return
        target = self.host.navigator.phase_start(self.page, phase)
        if target is not None and target.step != self.index:
            self.host.navigate(target)

    def _phases(self, page: Page, index: int) -> None:
        m, p = self.host.metrics, self.host.colours
        phases = page.phases
        strip = self.phases
        strip.ensure(len(phases))
        gap = Grid(m).target_gap  # phase labels are targets: never closer than 16 px
        strip.grid.setHorizontalSpacing(gap)
        strip.grid.setVerticalSpacing(m.px(4))
        current = page.steps[index].phase
        width = (self.strip_width() - gap * (len(phases) - 1)) // len(phases)
        # One size for every label, the largest at which each fits on two lines even in
        # bold (as the current phase is), so labels never change size from step to step.
        size = m.tx(26)
        for column, name in enumerate(phases):
            while not self._phase_label(strip.buttons[column], name, True, size, width) \
                    and size > m.px(20):
                size -= 2
        first = 0
        for column, (button, dots) in enumerate(zip(strip.buttons, strip.dots, strict=True)):
            shown = column < len(phases)
            button.setVisible(shown)
            dots.setVisible(shown)
            if not shown:
                strip.grid.setColumnStretch(column, 0)
                continue
            name = phases[column]
            count = sum(1 for s in page.steps if s.phase == name)
            strip.grid.setColumnStretch(column, 1)
            button.setAccessibleName(name)
            self._phase_label(button, name, name == current, size, width)
            dots.count = count
            dots.current = min(max(index - first, -1), count)
            dots.fill, dots.empty, dots.hole = (QColor(p.primary), QColor(p.border),
                                                QColor(p.background))
            dots.dot = m.px(20)
            dots.setFixedHeight(int(dots.dot * 1.8))
            dots.update()
            first += count

    def inner_width(self) -> int:
        """The screen's width inside its side margins."""
        return self.area().width() - 2 * self.host.metrics.px(48)

    def lead_width(self) -> int:
        """Landscape: the picture's column; the words get the rest."""
        return int(self.inner_width() * self.share)

    def lead_share(self, page: Page) -> float:
        """The picture's share of a landscape screen: as much as the words leave, from
        half down to 38%, where every step's words fit unscrolled at the patient's size
        (one share for the whole step-through: the columns never move from step to
        step); the largest text always gets the most room for words. Kept per page,
        language, screen and text size (ten layouts of ~100 words the first time)."""
        m = self.host.metrics
        shares = (0.52, 0.46, 0.42, 0.38) if m.text < 1.4 else (0.38,)
        key = (page.id, self.host.session.language, self.area().width(),
               self.area().height(), m)
        if key in self._shares:
            return self._shares[key]
        inner = self.inner_width()
        shown = self.title.text()
        chosen = shares[-1]
        for share in shares:
            width = inner - int(inner * share) - m.px(40)
            if all(self._fits(width, step) for step in page.steps):
                chosen = share
                break
        self.title.setText(shown)
        self._shares[key] = chosen
        return chosen

    def _fits(self, width: int, step: Step) -> bool:
        """Whether a step's words (and its question's card) fit unscrolled beside the
        picture at `width`."""
        m = self.host.metrics
        self.title.setText(step.title)
        card = self.question.height_for(width, mylist.step_question(step), self.card_most())
        room = (self.area().height() - m.px(20) - m.px(16)
                - self.next.sizeHint().height() - Grid(m).target_gap
                - self.when.sizeHint().height() - self.title.heightForWidth(width)
                - self.foot.sizeHint().height() - 3 * m.px(8) - m.px(8)
                - (card + m.px(8) if card else 0))
        return self.words_height(width, self.base_px(), self.step_words(step)) <= room

    def step_words(self, step: Step) -> str:
        """The words shown in the words' box: no picture the kiosk draws beside them,
        and no question (it has its own card)."""
        return mylist.without_question(words_html(step.blocks, pack_pictures(self.host.pack)))

    def card_most(self) -> int:
        """The question's card keeps its heading while it takes under 28% of a
        landscape screen's height, 16% of a portrait one's (where the picture and the
        phases share the height too): else it is made compact (kiosk.ui.add_to_list)."""
        return int(self.area().height() * (0.16 if self.host.portrait else 0.28))

    def words_width(self) -> int:
        """The words' column (and Previous/Next's row): beside the lead column in
        landscape, the full width in portrait."""
        if self.host.portrait:
            return self.inner_width()
        return self.inner_width() - self.lead_width() - self.host.metrics.px(40)

    def top_height(self) -> int:
        """The name and "Step n of N" row: a long name wraps in a narrow column."""
        name = self.page_title
        room = self.strip_width() - self.position.sizeHint().width() - self.host.metrics.px(12)
        return max(self.top.sizeHint().height(), name.heightForWidth(room))

    def strip_width(self) -> int:
        return self.inner_width() if self.host.portrait else self.lead_width()

    def _phase_label(self, button: QPushButton, name: str, here: bool, size: int,
                     width: int) -> bool:
        """Style one phase label (the current one bold and underlined); whether it fits
        its column at `size` px, on at most two lines."""
        m, p = self.host.metrics, self.host.colours
        line = m.px(6) if here else m.px(2)
        button.setStyleSheet(
            f"QPushButton {{ background: transparent; border: none; border-radius: 0; "
            f"border-bottom: {line}px solid {p.primary if here else p.border}; "
            f"color: {p.text if here else p.muted}; font-size: {size}px; "
            f"font-weight: {'bold' if here else 'normal'}; padding: {m.px(6)}px 2px "
            f"{m.px(6) + m.px(6) - line}px 2px; "  # one height, thick line or thin
            f"min-width: 0; }}"
            f"QPushButton:focus {{ border-bottom: {m.px(6)}px solid {p.focus}; }}")
        button.setText(two_lines(button, name, width - m.px(24)))
        return button.sizeHint().width() <= width - 2

    def _picture(self, page: Page, index: int) -> None:
        """The step's picture, as large as its place allows: in portrait above the words
        (it takes what the words leave, between a quarter and half of the screen), in
        landscape the lead column under the phases."""
        host = self.host
        if self.picture is not None:
            self.picture_box.removeWidget(self.picture)
            self.picture.hide()
            self.picture = None
        fitted = self._built(page, index)
        if fitted is None:
            return
        m = host.metrics
        height = max(self.area().height(), 600)
        spacing = m.px(14)
        top = self.top_height() + spacing
        phases = self.phases.sizeHint().height() + spacing
        buttons = self.next.sizeHint().height() + m.px(20) + m.px(16)
        if host.portrait:
            width = self.inner_width()
            labels = (self.title.sizeHint().height() + self.when.sizeHint().height()
                      + self.listen.button.sizeHint().height() + 3 * m.px(8))
            card = self.question.height_for(width, mylist.step_question(page.steps[index]),
                                            self.card_most())
            extra = card + m.px(8) if card else 0
            room = height - top - phases - buttons - extra - labels - m.px(20) - spacing
            spare = room - self.words_height(width, self.base_px())
            if spare < height * 0.25 - 3 * self.base_px():
                # The words scroll even beside a quarter-height picture (by more than the
                # estimate's slack of a line or two): a picture as wide as the screen then
                # shows more than the few lines it costs the words (about three stay).
                few = 7 * self.base_px()
                limit = int(max(height * 0.25, min(height * self.SCROLL_PICTURE, room - few)))
            else:
                limit = int(min(max(spare, height * 0.25), height * 0.5))
        else:
            width = self.lead_width()
            limit = height - top - phases - m.px(20) - m.px(16) - spacing
        fitted.taller = 1.0 if host.portrait else FittedPicture.TALLER
        fitted.wider = host.portrait
        fitted.strip = host.portrait and isinstance(fitted.picture, TimelineWidget)
        self._size_picture(fitted, width, limit)
        self.picture_box.addWidget(fitted, 0, Qt.AlignmentFlag.AlignTop
                                   | Qt.AlignmentFlag.AlignHCenter)
        self.swipe.watch(fitted)  # a swipe on the picture turns the page too
        fitted.show()
        # The estimate above adds up the parts' sizes; the layout has the last word. Where
        # the screen would need more height than it has, the picture gives it back.
        for _ in range(3):
            # Forget every cached size on the way up (a widget's own layout keeps its
            # hint until its next event loop turn: the last step's picture, else; and a
            # hidden picture counts for nothing, so this runs once it is shown).
            for layout in (self.picture_box, self.lead, self.text_column, self.body,
                           self.column):
                layout.invalidate()
            self.lead_box.updateGeometry()  # its parent's cached hint for it, too
            need = self.column.totalHeightForWidth(self.area().width()) \
                if self.column.hasHeightForWidth() else self.column.totalMinimumSize().height()
            excess = need - self.area().height()
            if excess <= 0 or fitted.height() - excess < height * 0.15:
                break
            self._size_picture(fitted, width, fitted.height() - excess)
        self.picture = fitted
        # Build the next step's picture while the patient reads this one (the first build
        # of a picture costs 20-60 ms; a tap on Next then costs only the switch).
        QTimer.singleShot(self.warm_ms, self, lambda: self._warm(page, index + 1))

    def _size_picture(self, fitted: FittedPicture, width: int, limit: int) -> None:
        """The picture at most `limit` high in a box `width` wide."""
        host = self.host
        fitted.configure(host.colours, host.metrics, host.session.language, limit)
        drawn = fitted.picture
        if isinstance(drawn, IllustrationWidget):
            # As wide as the illustration is drawn (no letterbox round it), or in portrait
            # up to WIDER times that: its own edges carried out to the sides.
            box = drawn.renderer().viewBoxF()
            ratio = box.height() / box.width() if box.width() else 0.625
            width = min(width, int(limit / ratio * (self.WIDER if fitted.wider else 1)))
        fitted.setFixedSize(width, fitted.heightForWidth(width))

    def _built(self, page: Page, index: int) -> FittedPicture | None:
        fitted = self._pictures.get(index)
        if fitted is None and 0 <= index < len(page.steps):
            found = step_picture(page.steps[index].blocks, pack_pictures(self.host.pack))
            if found is not None:
                fitted = self._pictures[index] = FittedPicture(found[1])
        return fitted

    def _warm(self, page: Page, index: int) -> None:
        """Measure (and for an illustration, draw) a step's picture ahead of time."""
        if page is not self.page or not self.isVisible():
            return
        fitted = self._built(page, index)
        if fitted is None or fitted is self.picture:
            return
        host = self.host
        fitted.configure(host.colours, host.metrics, host.session.language,
                         self.picture.max_height if self.picture else 600)
        width = self.picture.width() if self.picture else self.area().width() // 2
        fitted.heightForWidth(width)
        if isinstance(fitted.picture, IllustrationWidget):
            fitted.picture.resize(width, fitted.picture.heightForWidth(width))
            fitted.picture.grab()

    def base_px(self) -> int:
        """The words' size at the patient's chosen text size."""
        return self.host.metrics.body

    def grow_px(self) -> int:
        """The largest size the words may grow to (see GROW and GROW_SCREEN); growth
        for the screen stops short of the step's title, so the words never outgrow it."""
        self.title.ensurePolished()
        title = int(self.title.fontInfo().pixelSize() * 0.9)
        return max(int(self.base_px() * self.GROW),
                   min(int(self.host.metrics.px(BODY_PX) * self.GROW_SCREEN), title))

    def words(self, px: int, html: str | None = None) -> str:
        """The step's words at `px` (an inline size: Qt's document CSS does not size
        the body of a fragment)."""
        return f'<div style="font-size: {px}px">{self._html if html is None else html}</div>'

    def words_height(self, width: int, px: int, html: str | None = None) -> int:
        """How tall a step's words (this step's unless `html` is given) are at `width`
        in `px` type, before they are shown."""
        document = QTextDocument()
        document.setDocumentMargin(self.browser.document().documentMargin())
        document.setDefaultFont(self.browser.document().defaultFont())
        document.setDefaultStyleSheet(self.host.document_css(large=True))
        document.setHtml(self.words(px, html))
        document.setTextWidth(width)
        return int(document.size().height() + 0.999)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize and watched is self.browser.viewport():
            QTimer.singleShot(0, self, self.fit_words)  # not inside the view's own resize
        return False

    def _fade_update(self) -> None:
        bar = self.browser.verticalScrollBar()
        more = bar.maximum() > self.hint.slack and bar.value() < bar.maximum()
        self.fade.colour = QColor(self.host.colours.background)
        self.fade.setVisible(more)
        if more:
            self.fade.place(int(max(self.word_px, self.base_px()) * 1.5))

    def refit_words(self) -> None:
        self._fitted = None
        self.fit_words()

    def fit_words(self) -> None:
        """The largest type (from the patient's size up to `grow_px`) at which the words
        fit their box without scrolling; the patient's size when none does."""
        base = self.base_px()
        room = self.browser.maximumViewportSize()
        key = (self._html, room.width(), room.height(), base)
        if not self._html or key == self._fitted or room.width() < 50:
            return
        self._fitted = key
        low, high = base, self.grow_px()
        if self.words_height(room.width(), low) <= room.height():
            while low < high:  # the largest size that fits: a few layouts of ~100 words
                middle = (low + high + 1) // 2
                if self.words_height(room.width(), middle) <= room.height():
                    low = middle
                else:
                    high = middle - 1
        if low != self.word_px:
            self.word_px = low
            self.browser.setHtml(self.words(low))
            self.browser.verticalScrollBar().setValue(0)
        self.hint.update()
        self._fade_update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """The bar above can change height under a shown step (My list appears, a
        language is longer): the columns and the picture are worked out again for the
        new room, after this resize (never inside it)."""
        super().resizeEvent(event)
        if self.route is not None and self.page is not None and self.isVisible() \
                and event.size() != self._drawn_for:
            QTimer.singleShot(0, self, self._redraw_resized)

    def _redraw_resized(self) -> None:
        if self.route is not None and self.page is not None and self.isVisible() \
                and self.size() != self._drawn_for:
            self.redraw()

    def redraw(self) -> None:
        assert self.route is not None
        host = self.host
        self._drawn_for = self.area()
        page = host.pack.page(host.session.language, self.route.page_id)
        if page is None or not page.steps:
            return
        if page is not self._pictures_of:
            self._pictures.clear()  # another language or pack: build its pictures afresh
            self._shares.clear()
            self._pictures_of = page
        self.page = page
        m = host.metrics
        p = host.colours
        index = self.index
        step = page.steps[index]
        portrait = host.portrait
        grid = Grid(m)
        # The words and labels first: the columns are sized from them.
        self.page_title.setText(page.title)
        self.title.setText(step.title)
        self.when.setText(step.when)
        self.when.setVisible(bool(step.when))
        self._html = self.step_words(step)
        total = len(page.steps)
        # count=: the plural form where the strings have them (gettext catalogues).
        where = host.say("steps.position", n=index + 1, total=total, count=total)
        self.position.setText(where)
        self.position.setMinimumWidth(self.position.sizeHint().width())
        self.phases.setAccessibleName(where)
        self.previous.setText(host.say("steps.previous"))
        self.previous.setAccessibleName(host.say("steps.previous"))
        self.previous.setVisible(index > 0)
        self.start_hint.setText(host.say("steps.start_hint", next=host.say("steps.next")))
        self.start_hint.setVisible(index == 0)
        last = index == total - 1
        label = self._next_text() if last else host.say("steps.next")
        self.next.setAccessibleName(label)
        size = m.chrome(34)
        set_icon(self.previous, "back", p.text, size)
        set_icon(self.next, "next", p.on_primary, size)
        self.listen.update()
        self.question.show_for(page, index)  # My list: the question and "Add to my list"
        # Then the columns.
        self.column.setContentsMargins(grid.edge, m.px(20), grid.edge, m.px(16))
        self.column.setSpacing(grid.target_gap)  # the phases are targets too
        self.lead.setSpacing(m.px(14))
        self.text_column.setSpacing(m.px(8))
        self.buttons.setSpacing(grid.target_gap)
        self.buttons.setContentsMargins(0, 0 if portrait else grid.target_gap - m.px(8), 0, 0)
        self.body.setSpacing(m.px(24) if portrait else m.px(40))
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)
        # Next's words and the foot's hint before the columns are measured with them (a
        # button without its words measures short), then Next's words again for its room.
        self.next.setText(two_lines(self.next, label, self.area().width() // 4))
        self.hint.update()
        self.share = 0.0 if portrait else self.lead_share(page)
        room = (self.words_width() - grid.target_gap) // 2 - m.chrome(34) - m.px(60)
        self.next.setText(two_lines(self.next, label, room))
        # Landscape: the phases head the lead column. Portrait: down by Next, in reach.
        self.lead.removeWidget(self.phases)
        self.column.removeWidget(self.phases)
        self.column.removeWidget(self.nav_box)
        self.text_column.removeWidget(self.nav_box)
        if portrait:
            self.column.insertWidget(1, self.phases)
            self.column.addWidget(self.nav_box)
            self.lead_box.setMinimumWidth(0)
            self.lead_box.setMaximumWidth(16_777_215)
        else:
            self.lead.insertWidget(1, self.phases)
            self.text_column.addWidget(self.nav_box)
            self.lead_box.setFixedWidth(self.lead_width())
        self._phases(page, index)
        self.question.fit(self.words_width(), self.card_most())
        self.word_px = self.base_px()
        self._fitted = None
        self.browser.document().setDefaultStyleSheet(host.document_css(large=True))
        self.browser.set_max_text_width(self.base_px() * 40)
        self.hint.slack = self.base_px() // 2
        self.browser.setHtml(self.words(self.word_px))
        self.browser.setAccessibleName(step.title)
        self.browser.verticalScrollBar().setValue(0)
        self._picture(page, index)
        self.hint.update()
        self.fit_words()
        # Once more when the layout has settled: the box measured now may still be the
        # last step's (a viewport that ends up the same size sends no resize to refit on).
        QTimer.singleShot(0, self, self.refit_words)

    def _next_text(self) -> str:
        """The last step's button says where it goes: 'Next topic: Is it safe for me?'."""
        host = self.host
        assert self.page is not None
        route = host.navigator.after_topic(self.page.id)
        target = host.pack.page(host.session.language, route.page_id) if route.page_id else None
        if target is None:
            return host.say("nav.home")
        return f"{host.say('steps.finish')}: {target.tile}"

    def clear(self) -> None:
        super().clear()
        self.page = None  # the pictures stay built: content only, nothing of the patient
        if self.picture is not None:
            self.picture_box.removeWidget(self.picture)
            self.picture.hide()
            self.picture = None
        self.browser.clear()
        self.title.clear()
