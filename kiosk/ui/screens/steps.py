"""Session step-through: one step per screen, phases on top, a timeline of dots.

Swipe with one finger or tap Next/Back. The last step leads on to the next
topic, so there is no dead end.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.content import Page
from kiosk.ui.add_to_list import add_button_for
from kiosk.ui.host import Host
from kiosk.ui.screens.article import ReadingHint, follow_link
from kiosk.ui.screens.base import ScreenBase, set_prop
from kiosk.ui.screens.listen import ListenButton
from kiosk.ui.widgets import Dots, SwipeFilter, make_button, make_label, make_reader, set_icon


class StepsScreen(ScreenBase):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("steps")
        self.page: Page | None = None
        self.page_title = make_label("", "muted")
        self.phase_row = QHBoxLayout()
        self.phase_labels: list[QLabel] = []
        self.dots = Dots()
        self.dots.setObjectName("stepDots")
        self.title = make_label("", "h1")
        self.when = make_label("", "when")
        self.browser = make_reader()
        self.browser.setObjectName("stepBody")
        self.browser.anchorClicked.connect(lambda url: follow_link(self.host, url, self))
        self.hint = ReadingHint(host, self.browser)
        self.previous = make_button("", "nav", "previousStep")
        self.position = make_label("", "hint", wrap=False)
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.next = make_button("", "primary", "nextStep")
        self.next.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # arrow after the text
        keep = self.previous.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # Next stays put on the first step
        self.previous.setSizePolicy(keep)
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.swipe = SwipeFilter(self)
        self.swipe.swiped.connect(self.step)
        self.swipe.watch(self.browser.viewport())
        self.swipe.watch(self)

        self.listen = ListenButton(host, self._spoken)
        title_row = QVBoxLayout()
        title_row.setSpacing(4)
        title_row.addWidget(self.when)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.listen.button)
        title_row.addLayout(heading)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous, 1)
        buttons.addWidget(self.next, 1)
        top = QHBoxLayout()
        top.addWidget(self.page_title, 1)
        top.addWidget(self.position)
        self.column = QVBoxLayout(self)
        self.column.addLayout(top)
        self.column.addLayout(self.phase_row)
        self.column.addWidget(self.dots)
        self.column.addLayout(title_row)
        self.column.addWidget(self.browser, 1)
        self.column.addWidget(self.hint.label)
        self.column.addLayout(buttons)

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

    def _phases(self, page: Page, current: str) -> None:
        phases = page.phases
        while len(self.phase_labels) < len(phases):
            label = make_label("", "phase")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.phase_labels.append(label)
            self.phase_row.addWidget(label, 1)
        for label, name in zip(self.phase_labels, phases, strict=False):
            label.setText(name)
            label.show()
            set_prop(label, "current", name == current)
        for label in self.phase_labels[len(phases):]:
            label.hide()

    def redraw(self) -> None:
        assert self.route is not None
        host = self.host
        page = host.pack.page(host.session.language, self.route.page_id)
        if page is None or not page.steps:
            return
        self.page = page
        m = host.metrics
        p = host.colours
        index = self.index
        step = page.steps[index]
        self.column.setContentsMargins(m.px(48), m.px(20), m.px(48), m.px(16))
        self.column.setSpacing(m.px(12))
        self.phase_row.setSpacing(m.px(10))
        self.page_title.setText(page.title)
        self._phases(page, step.phase)
        self.dots.fill = QColor(p.primary)
        self.dots.empty = QColor(p.border)
        self.dots.dot = m.px(22)
        self.dots.line = QColor(p.border)
        self.dots.hole = QColor(p.background)
        self.dots.setMinimumHeight(m.px(52))
        self.dots.set_state(len(page.steps), index)
        self.dots.setAccessibleName(host.say("steps.position", n=index + 1,
                                            total=len(page.steps), count=len(page.steps)))
        self.title.setText(step.title)
        self.when.setText(step.when)
        self.when.setVisible(bool(step.when))
        self.browser.document().setDefaultStyleSheet(host.document_css(large=True))
        self.browser.set_max_text_width(host.metrics.tx(36) * 34)
        self.browser.setHtml(step.html)
        self.browser.setAccessibleName(step.title)
        self.browser.verticalScrollBar().setValue(0)
        self.hint.update()
        self.position.setText(host.say("steps.position", n=index + 1, total=len(page.steps),
                                        count=len(page.steps)))
        self.position.setMinimumWidth(self.position.sizeHint().width())
        self.previous.setText(host.say("steps.previous"))
        self.previous.setAccessibleName(host.say("steps.previous"))
        self.previous.setVisible(index > 0)
        last = index == len(page.steps) - 1
        self.next.setText(host.say("steps.finish" if last else "steps.next"))
        self.next.setAccessibleName(self.next.text())
        size = m.chrome(34)
        set_icon(self.previous, "back", p.text, size)
        set_icon(self.next, "next", p.on_primary, size)
        self.listen.update()
        add_button_for(self, host, page, index)  # My list: "Add to my list" (kiosk.ui.add_to_list)

    def clear(self) -> None:
        super().clear()
        self.page = None
        self.browser.clear()
        self.title.clear()
