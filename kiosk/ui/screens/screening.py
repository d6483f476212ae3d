"""Safety-screening information, with an optional 'tap what applies to you' list.

The list only builds questions to ask the care team; it never says whether
someone is suitable. What is tapped lives in the patient session and in the
QR code on screen, nowhere else.

Layout (issue #12): the items scroll on their own, with a fade while more is below;
the "My list" card (what the last tick added, the whole list, the way to its code)
stays in view beside them in landscape. In portrait every control sits in the lower
two-thirds: the card's words fill the top third, the tabs move down beside the pager.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import mylist
from kiosk.content import Page
from kiosk.questions import questions_for
from kiosk.session import Route, Screen
from kiosk.ui.glossary_card import words_on_page
from kiosk.ui.host import Host
from kiosk.ui.item_icons import beside, item_icon
from kiosk.ui.layout import MIN_TARGET_GAP_PX, Grid, apply_row, apply_screen
from kiosk.ui.picture_blocks import page_html
from kiosk.ui.screens.article import follow_link, keep_clear
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.listen import ListenButton
from kiosk.ui.screens.pager import TopicPager
from kiosk.ui.screens.reading import Fade, ReadingFoot, seat_controls, text_and_foot
from kiosk.ui.widgets import (
    FitScrollArea,
    RichButton,
    icon_pixmap,
    make_button,
    make_label,
    make_reader,
    stacked,
)

SENTENCE_END = re.compile(r"(?<=[?.!])\s+(?=[¿¡]?[A-ZÁÉÍÓÚÑ])")


def first_sentence(label: str) -> tuple[str, str]:
    """An item that asks two questions ("Who will be with me? What training do they
    have?"), split after the first: each starts on its own line, easier to take in."""
    parts = SENTENCE_END.split(label.strip(), maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (label.strip(), "")


class ShrinkingScroll(FitScrollArea):
    """A scroll area that asks for a few lines, not for all it holds: it scrolls, so
    the room it gets is what is left once the controls that must stay in view fit."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return super().minimumSizeHint()


class TabStack(QStackedWidget):
    """Tabs whose size is the shown tab's: a long hidden list never makes the page
    ask for more room than the screen has."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        shown = self.currentWidget()
        return shown.sizeHint() if shown is not None else QSize(1, 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        shown = self.currentWidget()
        return shown.minimumSizeHint() if shown is not None else QSize(1, 1)


class ScreeningScreen(ScreenBase):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("screening")
        self.page: Page | None = None
        # The item (page id, index) the patient's last tap ticked, said in the card
        # ("Added: ..."); not its text, so the line follows a language change.
        self.last_added: tuple[str, int] | None = None
        self.title = make_label("", "h1")
        self.pager = TopicPager(host)
        self.info_tab = make_button("", "segment", "infoTab")
        self.list_tab = make_button("", "segment", "checklistTab")
        group = QButtonGroup(self)
        group.setExclusive(True)
        for tab in (self.info_tab, self.list_tab):
            tab.setCheckable(True)
            group.addButton(tab)
        self.info_tab.clicked.connect(lambda: self._show_list(False))
        self.list_tab.clicked.connect(lambda: self._show_list(True))
        self.tabs = QWidget()
        self.tabs.setObjectName("screeningTabs")
        self.tabs_row = QHBoxLayout(self.tabs)
        self.tabs_row.addWidget(self.info_tab, 1)
        self.tabs_row.addWidget(self.list_tab, 1)

        # The information tab reads like an article: in landscape the text down to
        # Previous | Listen | More | Next topic; in portrait More in a row under the text
        # (Listen stays between Previous and Next: it reads the page from either tab).
        self.browser = make_reader()
        self.browser.setObjectName("screeningBody")
        self.browser.anchorClicked.connect(lambda url: follow_link(self.host, url, self))
        self.foot = ReadingFoot(host, self.browser)
        self.listen = ListenButton(host, lambda: f"{self.title.text()}.\n"
                                   f"{self.page.text if self.page else ''}")

        # The items scroll on their own, a fade saying there is more below.
        self.items: list[RichButton] = []
        self.items_column = QVBoxLayout()
        self.clear_button = make_button("", "nav", "clearList")
        self.clear_button.clicked.connect(self._clear_list)
        left = QWidget()
        self.left_column = QVBoxLayout(left)
        self.left_column.setContentsMargins(0, 0, 0, 0)
        self.left_column.addLayout(self.items_column)
        self.left_column.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.left_column.addStretch(1)
        self.list_scroll = ShrinkingScroll(left)
        self.list_scroll.setObjectName("checklistScroll")
        self.list_fade = self._fade_for(self.list_scroll)

        # "My list": what was added, the whole list, the way to its code. Never scrolled away.
        self.card = QFrame()
        self.card.setObjectName("myListCard")
        self.card.setProperty("role", "card")
        self.questions_heading = make_label("", "h2")
        self.list_hint = make_label("", "muted")
        self.list_hint.setObjectName("checklistHint")
        self.added = make_label("", "when")
        self.added.setObjectName("addedLine")
        self.qr_hint = make_label("", "hint")
        self.questions = make_label("")
        self.questions.setObjectName("questionList")
        questions_holder, self.holder_column = stacked(self.added, self.questions,
                                                       self.list_hint, self.qr_hint)
        self.questions_scroll = ShrinkingScroll(questions_holder)
        self.questions_scroll.setObjectName("questionScroll")
        # A line cut at the bottom of the card's words ("Optional...") read as hidden
        # behind My list: a fade says there is more to slide up instead.
        self.questions_fade = self._fade_for(self.questions_scroll)
        self.jump = make_button("", "primary", "seeQuestions")
        self.jump.clicked.connect(lambda: self.host.navigate(Route(Screen.MY_LIST)))
        self.card_column = QVBoxLayout(self.card)
        self.card_column.addWidget(self.questions_heading)
        self.card_column.addWidget(self.questions_scroll, 1)
        self.card_column.addWidget(self.jump)

        self.checklist = QWidget()
        self.checklist.installEventFilter(self)  # its place decides the reach in portrait
        self.checklist_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.checklist)
        self.checklist_box.setContentsMargins(0, 0, 0, 0)
        self.checklist_box.addWidget(self.list_scroll, 2)
        self.checklist_box.addWidget(self.card, 1)

        self.info = QWidget()
        self.reading, self.foot_row = text_and_foot(self.browser)
        self.info.setLayout(self.reading)

        self.stack = TabStack()
        self.stack.addWidget(self.info)
        self.stack.addWidget(self.checklist)
        self.column = QVBoxLayout(self)
        # "Topic n of N" at the top right, as on an article: the pager is one row.
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.pager.position, 0,
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.column.addLayout(title_row)
        self.column.addWidget(self.tabs)
        self.column.addWidget(self.stack, 1)
        self.pager.row.insertWidget(1, self.listen.button)
        self.column.addWidget(self.pager)
        seat_controls(self.foot.more, None, self.pager.row, self.foot_row, host.portrait)

    def _show_list(self, show: bool) -> None:
        if self.page is not None:
            self.host.session.checklist_open[self.page.id] = show
            self.host.session.touched = True
            self._show_tab(self.page)  # only the tab changes: the page is not drawn again
            self._fit_reach()
            self._place_fade()

    def _toggle(self, index: int) -> None:
        if self.page is not None:
            on = self.host.session.toggle_item(self.page.id, index)
            if on:
                self.last_added = (self.page.id, index)
            elif self.last_added == (self.page.id, index):
                self.last_added = None  # its question left the list: the line goes too
            self._render_item(self.page, index)  # only what changed: a tap answers at once
            self._render_card(self.page)
            self.host.refresh_chrome()  # "My list (n)" in the bar

    def _clear_list(self) -> None:
        if self.page is not None:
            self.host.session.checklist[self.page.id] = set()
            self.last_added = None
            self._render_list(self.page)
            self.host.refresh_chrome()

    def chosen_questions(self) -> list[str]:
        if self.page is None:
            return []
        return questions_for(self.page.checklist,
                             self.host.session.checklist.get(self.page.id, set()))

    def _fade_for(self, area: ShrinkingScroll) -> Fade:
        """A fade over the area's foot, kept in place as it scrolls or its content grows."""
        fade = Fade(area)
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(self._place_fade)
        bar.rangeChanged.connect(self._place_fade)
        return fade

    def _place_fade(self) -> None:
        """A fade over the items and over the card's words while more is below."""
        for area, fade in ((self.list_scroll, self.list_fade),
                           (self.questions_scroll, self.questions_fade)):
            bar = area.verticalScrollBar()
            more = bar.maximum() > 0 and bar.value() < bar.maximum()
            fade.setVisible(more)
            if more:
                fade.place(self.host.metrics.body * 2)

    def _item_icon(self, ticked: bool, icon: str) -> QPixmap:
        """The tick box, then the item's own icon (decorative: the words say it all)."""
        m = self.host.metrics
        p = self.host.colours
        # They grow less than the words with the text size: the words need the width.
        box = icon_pixmap("check" if ticked else "box", p.text, m.chrome(40), p.accent)
        if not icon:
            return box
        return beside(box, item_icon(icon, p.primary, m.chrome(48)), m.px(14))

    def _render_list(self, page: Page) -> None:
        while len(self.items) < len(page.checklist):
            index = len(self.items)
            # Title and sub in one style: an item of two questions shows one per line group.
            item = RichButton("toggle", f"item-{index}", "toggleTitle", top=False)
            item.setCheckable(True)
            item.clicked.connect(lambda _=False, i=index: self._toggle(i))
            self.items.append(item)
            self.items_column.addWidget(item)
        for index in range(len(self.items)):
            self._render_item(page, index)
        self._render_card(page)

    def _render_item(self, page: Page, index: int) -> None:
        host = self.host
        m = host.metrics
        item = self.items[index]
        if index >= len(page.checklist):
            item.hide()
            return
        entry = page.checklist[index]
        ticked = index in host.session.checklist.get(page.id, set())
        item.setChecked(ticked)
        # A tick, a border and a pale tint: never a solid fill across the room.
        first, rest = first_sentence(entry.label)
        item.set_content(first, rest, self._item_icon(ticked, entry.icon))
        state = host.say("screening.selected" if ticked else "screening.not_selected")
        item.setAccessibleName(f"{entry.label}. {state}")
        for label in (item.title, item.sub):
            label.setStyleSheet(f"color: {host.colours.text};")
        item.set_margins(m.px(20), m.px(10))
        item.set_base_height(m.target)
        item.show()

    def _render_card(self, page: Page) -> None:
        """My list: what the last tick added, then the whole list (every page and step),
        numbered as in the QR code."""
        host = self.host
        questions = [e.text for e in mylist.gather(host.session, host.pack)]
        if questions:
            self.questions.setText("\n\n".join(f"{n}. {q}" for n, q in
                                               enumerate(questions, start=1)))
        else:
            self.questions.setText(host.say("screening.empty"))
        page_id, added = self.last_added or ("", -1)
        shown = page_id == page.id and added in host.session.checklist.get(page.id, set()) \
            and added < len(page.checklist)
        self.added.setText(host.say("list.added_line", text=page.checklist[added].question)
                           if shown else "")
        self.added.setVisible(bool(self.added.text()))
        self.questions_scroll.verticalScrollBar().setValue(0)  # "Added: ..." in view
        self.jump.setText(host.say("nav.my_list", n=len(questions)))
        self.jump.setAccessibleName(self.jump.text())
        self.jump.setVisible(bool(questions))
        self.list_scroll.refit()
        self.questions_scroll.refit()
        self.clear_button.setVisible(bool(host.session.checklist.get(page.id)))
        self.qr_hint.setText(host.say("list.scan_there") if questions
                             else host.say("screening.private"))
        self._fit_reach()
        self._place_fade()

    def _show_tab(self, page: Page) -> None:
        show_list = bool(page.checklist) and self.host.session.checklist_open.get(page.id,
                                                                                   False)
        self.info_tab.setChecked(not show_list)
        self.list_tab.setChecked(show_list)
        self.stack.setCurrentIndex(1 if show_list else 0)
        self.stack.updateGeometry()  # its size is the shown tab's (TabStack)
        self.foot.set_active(not show_list)  # "More" belongs to the information

    def _place_tabs(self, portrait: bool) -> None:
        """Portrait: the tabs sit low, beside the pager, within reach; landscape: on top."""
        self.column.removeWidget(self.tabs)
        self.column.insertWidget(self.column.indexOf(self.pager) if portrait else 1, self.tabs)

    def _fit_reach(self) -> None:
        """Portrait: the card's words fill the top third and its button starts below it,
        so every control on the list tab is in the lower two-thirds (reach)."""
        if not self.host.portrait:
            self.card.setMinimumHeight(0)
            self.card.setMaximumHeight(16_777_215)
            return
        window = self.window()
        grid = Grid(self.host.metrics)
        reach = grid.reach_top(window.height()) - self.checklist.mapTo(window, QPoint(0, 0)).y()
        margins = self.card_column.contentsMargins()
        button = (self.jump.sizeHint().height() + self.card_column.spacing()
                  if self.jump.isVisibleTo(self.card) else 0)
        height = max(reach + button + margins.bottom(), self.card.minimumSizeHint().height())
        self.card.setFixedHeight(max(0, height))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.checklist and event.type() in (QEvent.Type.Move,
                                                           QEvent.Type.Resize):
            self._fit_reach()
        return False

    def redraw(self) -> None:
        assert self.route is not None
        host = self.host
        page = host.pack.page(host.session.language, self.route.page_id)
        if page is None:
            return
        self.page = page
        m = host.metrics
        grid = Grid(m)
        apply_screen(self.column, grid)
        self.column.setSpacing(grid.target_gap)  # rows of buttons: a finger's gap apart
        apply_row(self.tabs_row, grid)
        self._place_tabs(host.portrait)
        seat_controls(self.foot.more, None, self.pager.row, self.foot_row, host.portrait)
        apply_row(self.foot_row, grid)
        self.reading.setSpacing(grid.item)  # the text's own row sits close under it
        self.checklist_box.setSpacing(grid.target_gap)
        self.checklist_box.setDirection(QBoxLayout.Direction.TopToBottom if host.portrait
                                        else QBoxLayout.Direction.LeftToRight)
        # Portrait: the card (words in the top third) above the items; it keeps its height.
        self.checklist_box.removeWidget(self.card)
        self.checklist_box.insertWidget(0 if host.portrait else 1, self.card,
                                        0 if host.portrait else 1)
        self.checklist_box.setStretchFactor(self.list_scroll, 1 if host.portrait else 2)
        # The least gap a finger needs between items, so more of the list is in view.
        self.items_column.setSpacing(MIN_TARGET_GAP_PX)
        self.left_column.setSpacing(grid.target_gap)  # "Clear my list" clear of the last item
        self.card_column.setContentsMargins(m.px(24), m.px(20), m.px(24), m.px(20))
        self.card_column.setSpacing(m.px(12))
        self.holder_column.setSpacing(m.px(12))
        self.title.setText(page.title)
        self.info_tab.setText(host.say("screening.info"))
        # "Questions to ask" is a list of questions to pick, not things that apply to you.
        picking = bool(page.checklist) and all(i.label == i.question for i in page.checklist)
        self.list_tab.setText(host.say("questions.pick" if picking else "screening.checklist"))
        for tab in (self.info_tab, self.list_tab):
            tab.setAccessibleName(tab.text())
            tab.setFixedHeight(m.px(84))  # as tall as the bar's buttons, whatever the text size
        self.tabs.setVisible(bool(page.checklist))
        self._show_tab(page)
        self.browser.document().setDefaultStyleSheet(host.document_css())
        self.browser.set_max_text_width(host.metrics.body * 36)
        self.browser.setHtml(page_html(self.browser, host, page.blocks)
                             + words_on_page(host, page.terms))
        self.browser.setAccessibleName(page.title)
        self.foot.show_for(page)
        keep_clear(self.browser, self.foot.margin())
        self.browser.verticalScrollBar().setValue(host.session.scroll.get(page.id, 0))
        self.list_fade.colour = QColor(host.colours.background)
        self.questions_fade.colour = QColor(host.colours.surface)
        self.list_hint.setText(host.say("questions.pick_hint" if picking
                                        else "screening.checklist_hint"))
        self.questions_heading.setText(host.say("list.title"))
        self.clear_button.setText(host.say("screening.clear"))
        self.clear_button.setAccessibleName(host.say("screening.clear"))
        self.clear_button.setMinimumHeight(grid.button)
        self.jump.setFixedHeight(m.px(84))  # the bar's height: the card leaves room to read
        self._render_list(page)
        self.pager.show_for(page)
        self.listen.update()

    def pinned(self) -> list[QWidget]:
        """The title, and on the list tab the card: what was added and the way to the code
        never scroll away while the items do."""
        shown = [self.title, self.pager.next]
        if self.stack.currentWidget() is self.checklist:
            shown += [self.card] + ([self.jump] if self.jump.isVisible() else [])
        else:
            shown += self.foot.pinned()
        return shown

    def leave(self) -> None:
        if self.page is not None:
            self.host.session.scroll[self.page.id] = self.browser.verticalScrollBar().value()

    def clear(self) -> None:
        super().clear()
        self.page = None
        self.browser.clear()
        self.questions.clear()
        self.added.clear()
        self.last_added = None
        for item in self.items:
            item.setChecked(False)
