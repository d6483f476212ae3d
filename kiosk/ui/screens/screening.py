"""Safety-screening information, with an optional 'tap what applies to you' list.

The list only builds questions to ask the care team; it never says whether
someone is suitable. What is tapped lives in the patient session and in the
QR code on screen, nowhere else.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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
from kiosk.ui.picture_blocks import page_html
from kiosk.ui.screens.article import ReadingHint, follow_link
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.listen import ListenButton
from kiosk.ui.screens.pager import TopicPager
from kiosk.ui.widgets import (
    FitScrollArea,
    RichButton,
    icon_pixmap,
    make_button,
    make_label,
    make_reader,
)


class ScreeningScreen(ScreenBase):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("screening")
        self.page: Page | None = None
        self.last_added = ""  # the question the last tick added, said in the card
        self.title = make_label("", "h1")
        self.info_tab = make_button("", "segment", "infoTab")
        self.list_tab = make_button("", "segment", "checklistTab")
        group = QButtonGroup(self)
        group.setExclusive(True)
        for tab in (self.info_tab, self.list_tab):
            tab.setCheckable(True)
            group.addButton(tab)
        self.info_tab.clicked.connect(lambda: self._show_list(False))
        self.list_tab.clicked.connect(lambda: self._show_list(True))
        tabs = QHBoxLayout()
        tabs.addWidget(self.info_tab, 1)
        tabs.addWidget(self.list_tab, 1)

        self.browser = make_reader()
        self.browser.setObjectName("screeningBody")
        self.browser.anchorClicked.connect(lambda url: follow_link(self.host, url, self))
        self.hint = ReadingHint(host, self.browser)
        info = QWidget()
        info_column = QVBoxLayout(info)
        info_column.setContentsMargins(0, 0, 0, 0)
        info_column.addWidget(self.browser, 1)
        info_column.addWidget(self.hint.label)

        self.list_hint = make_label("", "muted")
        self.items: list[RichButton] = []
        self.items_column = QVBoxLayout()
        self.clear_button = make_button("", "nav", "clearList")
        self.clear_button.clicked.connect(self._clear_list)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.setSpacing(16)  # keep "Clear my list" clear of the last item
        left_column.addLayout(self.items_column)
        left_column.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_column.addStretch(1)
        # The items scroll on their own; the questions card beside them stays in view.
        self.list_scroll = FitScrollArea(left)
        self.list_scroll.setObjectName("checklistScroll")
        self.list_more = ReadingHint(host, self.list_scroll)
        items_box = QVBoxLayout()
        items_box.addWidget(self.list_hint)
        items_box.addWidget(self.list_scroll, 1)
        items_box.addWidget(self.list_more.label)

        self.card = QFrame()
        self.card.setProperty("role", "card")
        self.questions_heading = make_label("", "h2")
        self.added = make_label("", "when")
        self.added.setObjectName("addedLine")
        self.qr_hint = make_label("", "hint")
        self.questions = make_label("")
        self.questions.setObjectName("questionList")
        questions_holder = QWidget()
        holder_column = QVBoxLayout(questions_holder)
        holder_column.setContentsMargins(0, 0, 0, 0)
        holder_column.addWidget(self.added)
        holder_column.addWidget(self.questions)
        holder_column.addWidget(self.qr_hint)
        holder_column.addStretch(1)
        self.questions_scroll = FitScrollArea(questions_holder)
        self.jump = make_button("", "primary", "seeQuestions")
        self.jump.clicked.connect(lambda: self.host.navigate(Route(Screen.MY_LIST)))
        self.card_column = QVBoxLayout(self.card)
        self.card_column.addWidget(self.questions_heading)
        self.card_column.addWidget(self.questions_scroll, 1)
        self.card_column.addWidget(self.jump)

        checklist = QWidget()
        self.checklist_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, checklist)
        self.checklist_box.setContentsMargins(0, 0, 0, 0)
        self.checklist_box.addLayout(items_box, 3)
        self.checklist_box.addWidget(self.card, 2)

        self.stack = QStackedWidget()
        self.stack.setMinimumSize(1, 1)  # only the visible tab's size counts
        self.stack.addWidget(info)
        self.stack.addWidget(checklist)
        self.pager = TopicPager(host)
        self.listen = ListenButton(host, lambda: f"{self.title.text()}.\n"
                                   f"{self.page.text if self.page else ''}")
        self.column = QVBoxLayout(self)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.listen.button)
        self.column.addLayout(title_row)
        self.column.addLayout(tabs)
        self.column.addWidget(self.stack, 1)
        self.column.addWidget(self.pager)

    def _show_list(self, show: bool) -> None:
        if self.page is not None:
            self.host.session.checklist_open[self.page.id] = show
            self.host.session.touched = True
            self.redraw()

    def _toggle(self, index: int) -> None:
        if self.page is not None:
            on = self.host.session.toggle_item(self.page.id, index)
            question = self.page.checklist[index].question
            self.last_added = question if on else ""
            self._render_list(self.page)
            self.host.refresh_chrome()  # "My list (n)" in the bar

    def _clear_list(self) -> None:
        if self.page is not None:
            self.host.session.checklist[self.page.id] = set()
            self.last_added = ""
            self._render_list(self.page)
            self.host.refresh_chrome()

    def chosen_questions(self) -> list[str]:
        if self.page is None:
            return []
        return questions_for(self.page.checklist,
                             self.host.session.checklist.get(self.page.id, set()))

    def _render_list(self, page: Page) -> None:
        host = self.host
        m = host.metrics
        p = host.colours
        chosen = host.session.checklist.get(page.id, set())
        while len(self.items) < len(page.checklist):
            index = len(self.items)
            item = RichButton("toggle", f"item-{index}", "hint", top=False)
            item.setCheckable(True)
            item.clicked.connect(lambda _=False, i=index: self._toggle(i))
            self.items.append(item)
            self.items_column.addWidget(item)
        icon_size = m.tx(40)
        for index, item in enumerate(self.items):
            if index >= len(page.checklist):
                item.hide()
                continue
            ticked = index in chosen
            item.setChecked(ticked)
            # A tick, a border and a pale tint: never a solid fill across the room.
            item.set_content(page.checklist[index].label, "",
                             icon_pixmap("check" if ticked else "box", p.text, icon_size,
                                         p.accent))
            state = host.say("screening.selected" if ticked else "screening.not_selected")
            item.setAccessibleName(f"{page.checklist[index].label}. {state}")
            item.title.setStyleSheet(f"color: {p.text};")
            item.set_margins(m.px(20), m.px(14))
            item.set_base_height(m.target)
            item.show()
        # The card shows the whole of My list (every page and step), numbered as in the QR.
        questions = [e.text for e in mylist.gather(host.session, host.pack)]
        if questions:
            self.questions.setText("\n\n".join(f"{n}. {q}" for n, q in
                                               enumerate(questions, start=1)))
        else:
            self.questions.setText(host.say("screening.empty"))
        self.added.setText(host.say("list.added_line", text=self.last_added))
        self.added.setVisible(bool(self.last_added))
        self.jump.setText(host.say("nav.my_list", n=len(questions)))
        self.jump.setAccessibleName(self.jump.text())
        self.jump.setVisible(bool(questions))
        self.list_scroll.refit()
        self.questions_scroll.refit()
        self.list_more.update()
        self.clear_button.setVisible(bool(chosen))
        self.qr_hint.setText(host.say("list.scan_there") if questions
                             else host.say("screening.private"))

    def redraw(self) -> None:
        assert self.route is not None
        host = self.host
        page = host.pack.page(host.session.language, self.route.page_id)
        if page is None:
            return
        self.page = page
        m = host.metrics
        self.column.setContentsMargins(m.px(48), m.px(20), m.px(48), m.px(16))
        self.column.setSpacing(m.px(14))
        self.checklist_box.setSpacing(m.px(28))
        self.checklist_box.setDirection(QBoxLayout.Direction.TopToBottom if host.portrait
                                        else QBoxLayout.Direction.LeftToRight)
        self.checklist_box.setStretch(0, 3)
        self.checklist_box.setStretch(1, 2)
        self.items_column.setSpacing(m.px(14))
        self.card_column.setContentsMargins(m.px(24), m.px(20), m.px(24), m.px(20))
        self.card_column.setSpacing(m.px(16))
        self.title.setText(page.title)
        self.info_tab.setText(host.say("screening.info"))
        # "Questions to ask" is a list of questions to pick, not things that apply to you.
        picking = bool(page.checklist) and all(i.label == i.question for i in page.checklist)
        self.list_tab.setText(host.say("questions.pick" if picking else "screening.checklist"))
        for tab in (self.info_tab, self.list_tab):
            tab.setAccessibleName(tab.text())
        self.list_tab.setVisible(bool(page.checklist))
        show_list = bool(page.checklist) and host.session.checklist_open.get(page.id, False)
        self.info_tab.setChecked(not show_list)
        self.list_tab.setChecked(show_list)
        self.stack.setCurrentIndex(1 if show_list else 0)
        self.browser.document().setDefaultStyleSheet(host.document_css())
        self.browser.set_max_text_width(host.metrics.body * 36)
        self.browser.setHtml(page_html(self.browser, host, page.blocks)
                             + words_on_page(host, page.terms))
        self.browser.setAccessibleName(page.title)
        self.browser.verticalScrollBar().setValue(host.session.scroll.get(page.id, 0))
        self.hint.update()
        self.list_more.update()
        self.list_hint.setText(host.say("questions.pick_hint" if picking
                                        else "screening.checklist_hint"))
        self.questions_heading.setText(host.say("list.title"))
        self.clear_button.setText(host.say("screening.clear"))
        self.clear_button.setAccessibleName(host.say("screening.clear"))
        self._render_list(page)
        self.pager.show_for(page)
        self.listen.update()

    def leave(self) -> None:
        if self.page is not None:
            self.host.session.scroll[self.page.id] = self.browser.verticalScrollBar().value()

    def clear(self) -> None:
        super().clear()
        self.page = None
        self.browser.clear()
        self.questions.clear()
        self.added.clear()
        self.last_added = ""
        for item in self.items:
            item.setChecked(False)
