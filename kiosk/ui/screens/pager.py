"""Previous / Next topic buttons and a where-am-I line, shared by topic screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.content import Page
from kiosk.session import HOME
from kiosk.ui.host import Host
from kiosk.ui.widgets import RichButton, icon_pixmap, make_label


class TopicPager(QWidget):
    """Moves through the Home topics in order; the last topic leads Home, no dead end."""

    def __init__(self, host: Host) -> None:
        super().__init__()
        self.host = host
        self.page_id = ""
        self.prev_target = ""
        self.next_target = ""
        self.previous = RichButton("nav", "previousTopic", "pagerSub", top=False,
                                   title_role="pagerTitle")
        self.next = RichButton("primary", "nextTopic", "pagerSub", top=False, icon_right=True,
                               title_role="pagerTitle")
        keep = self.previous.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # Next stays on the right on the first topic
        self.previous.setSizePolicy(keep)
        self.position = make_label("", "hint", wrap=False)
        self.position.setMinimumWidth(10)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.previous, 2)
        row.addWidget(self.position, 1)
        row.addWidget(self.next, 2)
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous.clicked.connect(lambda: self._go(self.prev_target))
        self.next.clicked.connect(
            lambda: self.host.navigate(self.host.navigator.after_topic(self.page_id)))

    def _go(self, target: str) -> None:
        if target:
            self.host.open_page(target)
        else:
            self.host.navigate(HOME)

    def show_for(self, page: Page) -> None:
        host = self.host
        place = host.navigator.neighbours(page.id)
        self.page_id = page.id
        index, before, after = place.index, place.previous, place.next
        self.prev_target = before.id if before else ""
        self.next_target = after.id if after else ""
        m = host.metrics
        size = m.chrome(34)
        self.previous.setVisible(before is not None)
        if before:
            self.previous.set_content(host.say("article.previous"), before.tile,
                                      icon_pixmap("back", host.colours.text, size))
            self.previous.setAccessibleName(f"{host.say('article.previous')}: {before.title}")
        if after:
            self.next.set_content(host.say("article.next"), after.tile,
                                  icon_pixmap("next", host.colours.on_primary, size))
            self.next.setAccessibleName(f"{host.say('article.next')}: {after.title}")
        else:
            self.next.set_content(host.say("nav.home"), "",
                                  icon_pixmap("home", host.colours.on_primary, size))
        for button in (self.previous, self.next):
            button.set_margins(m.px(20), m.px(10))
            button.set_base_height(m.target)
        self.position.setVisible(index >= 0)
        if index >= 0:
            self.position.setText(host.say("article.position", n=index + 1, total=place.total,
                                                  count=place.total))
            self.position.setMinimumWidth(self.position.sizeHint().width())
