"""Previous / Next topic buttons and a where-am-I line, shared by topic screens."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content import Page
from kiosk.session import HOME
from kiosk.ui.host import Host
from kiosk.ui.layout import Grid, apply_row
from kiosk.ui.widgets import RichButton, icon_pixmap, make_label


def home_pages(host: Host) -> list[Page]:
    """What Home shows, in its order: the topics, then the About pages (one list for
    the tiles and for "Topic n of N", so the count is what the patient saw)."""
    return host.topics() + host.pack.ordered(host.session.language, "footer")


class TopicPager(QWidget):
    """Moves through what Home shows, in order; the last one leads Home, no dead end.

    "Topic n of N" is never between the buttons (it crowded them): it sits on its own
    line above them, or a screen moves `position` into its title row (the article
    does). The buttons share the full width, so their labels wrap to two lines at most.
    """

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
        self.position.setObjectName("topicPosition")
        self.row = QHBoxLayout()
        self.row.addWidget(self.previous, 1)
        self.row.addWidget(self.next, 1)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.position)
        self.column.addLayout(self.row)
        self.previous.clicked.connect(lambda: self._go(self.prev_target))
        self.next.clicked.connect(lambda: self._go(self.next_target))

    def _go(self, target: str) -> None:
        if target:
            self.host.open_page(target)
        else:
            self.host.navigate(HOME)

    def show_for(self, page: Page) -> None:
        host = self.host
        shown = home_pages(host)
        ids = [p.id for p in shown]
        index = ids.index(page.id) if page.id in ids else -1
        before = shown[index - 1] if index > 0 else None
        after = shown[index + 1] if 0 <= index < len(shown) - 1 else None
        self.page_id = page.id
        self.prev_target = before.id if before else ""
        self.next_target = after.id if after else ""
        m = host.metrics
        grid = Grid(m)
        apply_row(self.row, grid)
        self.column.setSpacing(grid.item)
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
            self.next.setAccessibleName(host.say("nav.home"))
        for button in (self.previous, self.next):
            button.set_margins(m.px(20), m.px(10))
            button.set_base_height(grid.button)
        self.position.setVisible(index >= 0)
        if index >= 0:
            self.position.setText(host.say("article.position", n=index + 1, total=len(shown),
                                           count=len(shown)))
