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

from kiosk.content import Page
from kiosk.questions import qr_matrix, qr_text, questions_for
from kiosk.ui.glossary_card import words_on_page
from kiosk.ui.host import Host
from kiosk.ui.picture_blocks import page_html
from kiosk.ui.screens.article import ReadingHint, follow_link
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.listen import ListenButton
from kiosk.ui.screens.pager import TopicPager
from kiosk.ui.widgets import (
    FitScrollArea,
    QrView,
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
        left_column.addWidget(self.list_hint)
        left_column.addLayout(self.items_column)
        left_column.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_column.addStretch(1)

        self.card = QFrame()
        self.card.setProperty("role", "card")
        self.questions_heading = make_label("", "h2")
        self.questions = make_label("")
        self.questions.setObjectName("questionList")
        self.qr = QrView()
        self.qr.setObjectName("questionsQr")
        self.qr_hint = make_label("", "hint")
        self.qr_box = QHBoxLayout()
        self.qr_box.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        self.qr_box.addWidget(self.qr_hint, 1, Qt.AlignmentFlag.AlignTop)
        self.card_column = QVBoxLayout(self.card)
        self.card_column.addWidget(self.questions_heading)
        self.card_column.addLayout(self.qr_box)
        self.card_column.addWidget(self.questions)
        self.card_column.addStretch(1)

        # One scroll area for the whole list page: nested scrolls confuse a finger.
        content = QWidget()
        self.checklist_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, content)
        self.checklist_box.setContentsMargins(0, 0, 0, 0)
        self.checklist_box.addWidget(left, 3)
        self.checklist_box.addWidget(self.card, 2)
        self.list_scroll = FitScrollArea(content)
        self.list_scroll.setObjectName("checklistScroll")
        self.list_more = ReadingHint(host, self.list_scroll, "screening.below")
        checklist = QWidget()
        checklist_column = QVBoxLayout(checklist)
        checklist_column.setContentsMargins(0, 0, 0, 0)
        checklist_column.addWidget(self.list_scroll, 1)
        self.jump = make_button("", "nav", "seeQuestions")
        self.jump.clicked.connect(self._jump_to_questions)
        below = QHBoxLayout()
        below.addWidget(self.list_more.label, 1)
        below.addWidget(self.jump)
        checklist_column.addLayout(below)
        self.list_scroll.verticalScrollBar().valueChanged.connect(self._update_jump)

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
            self.host.session.toggle_item(self.page.id, index)
            self._render_list(self.page)

    def _jump_to_questions(self) -> None:
        bar = self.list_scroll.verticalScrollBar()
        bar.setValue(min(bar.maximum(), self.card.y()))
        self._update_jump()

    def _update_jump(self) -> None:
        """'See my questions (n)' while the list of questions is out of sight."""
        count = len(self.chosen_questions())
        bar = self.list_scroll.verticalScrollBar()
        hidden = self.card.y() > bar.value() + self.list_scroll.viewport().height() // 2
        self.jump.setVisible(count > 0 and hidden)
        self.jump.setText(self.host.say("screening.see", n=count))
        self.jump.setAccessibleName(self.jump.text())

    def _clear_list(self) -> None:
        if self.page is not None:
            self.host.session.checklist[self.page.id] = set()
            self._render_list(self.page)

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
            colour = p.on_selected if ticked else p.text
            item.set_content(page.checklist[index].label, "",
                             icon_pixmap("check" if ticked else "box", colour, icon_size,
                                         p.selected))
            state = host.say("screening.selected" if ticked else "screening.not_selected")
            item.setAccessibleName(f"{page.checklist[index].label}. {state}")
            item.title.setStyleSheet(f"color: {colour};")
            item.set_margins(m.px(20), m.px(14))
            item.set_base_height(m.target)
            item.show()
        questions = questions_for(page.checklist, chosen)
        if questions:
            self.questions.setText("\n\n".join(f"{n}. {q}" for n, q in
                                               enumerate(questions, start=1)))
            heading = host.say("screening.questions")
            matrix = qr_matrix(qr_text(heading, questions))
            side = len(matrix) * max(2, m.px(240) // len(matrix))
            self.qr.set_matrix(matrix, side)
            self.qr.setAccessibleName(host.say("a11y.qr", n=len(questions)))
        else:
            self.questions.setText(host.say("screening.empty"))
            self.qr.set_matrix([], 1)
        self.list_scroll.refit()
        self.list_more.update()
        self._update_jump()
        self.qr.setVisible(bool(questions))
        self.clear_button.setVisible(bool(questions))
        key = "screening.qr" if questions else "screening.private"
        self.qr_hint.setText(host.say(key) + (" " + host.say("screening.private")
                                             if questions else ""))

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
        # Only in portrait are the questions below the list; beside it, say "More below".
        self.list_more.more_key = "screening.below" if host.portrait else "article.more"
        self.items_column.setSpacing(m.px(14))
        self.card_column.setContentsMargins(m.px(24), m.px(20), m.px(24), m.px(20))
        self.card_column.setSpacing(m.px(16))
        self.qr_box.setSpacing(m.px(20))
        self.title.setText(page.title)
        self.info_tab.setText(host.say("screening.info"))
        self.list_tab.setText(host.say("screening.checklist"))
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
        self.list_hint.setText(host.say("screening.checklist_hint"))
        self.questions_heading.setText(host.say("screening.questions"))
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
        self.qr.set_matrix([], 1)
        for item in self.items:
            item.setChecked(False)
