"""Home: one large tile per topic, in the configured order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.host import Host
from kiosk.ui.screens.article import ReadingHint
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.widgets import FitScrollArea, RichButton, icon_pixmap, make_button, make_label


class HomeScreen(ScreenBase):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("home")
        self.heading = make_label("", "h1")
        self.hint = make_label("", "muted")
        self.tiles: list[RichButton] = []
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.scroll_area = FitScrollArea(self.grid_host)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.hint)
        self.layout_.addWidget(self.scroll_area, 1)
        self.more = ReadingHint(host, self.scroll_area)
        self.finish = make_button("", "nav", "finishButton")
        self.finish.clicked.connect(lambda: self.host.finish())
        bottom = QHBoxLayout()
        bottom.addWidget(self.more.label, 1)
        bottom.addWidget(self.finish, 0, Qt.AlignmentFlag.AlignRight)
        self.layout_.addLayout(bottom)

    def redraw(self) -> None:
        host = self.host
        m = host.metrics
        side = m.px(48)
        self.layout_.setContentsMargins(side, m.px(28), side, m.px(20))
        self.layout_.setSpacing(m.px(12))
        self.heading.setText(host.say("home.heading"))
        self.hint.setText(host.say("home.hint"))
        # About pages come last, so the grid has no hole and About is one tap from Home.
        topics = host.topics() + host.pack.ordered(host.session.language, "footer")
        while len(self.tiles) < len(topics):
            tile = RichButton("tile", f"tile-{len(self.tiles)}")
            tile.clicked.connect(lambda _=False, t=tile: self.host.open_page(t.property("page")))
            self.tiles.append(tile)
        columns = 2 if host.portrait else 4
        for index in reversed(range(self.grid.count())):
            item = self.grid.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                self.grid.removeWidget(widget)
        gap = m.px(24)
        self.grid.setSpacing(gap)
        self.grid.setContentsMargins(0, m.px(8), 0, m.px(8))
        icon_size = m.px(60)
        for index, tile in enumerate(self.tiles):
            if index >= len(topics):
                tile.hide()
                continue
            page = topics[index]
            tile.setProperty("page", page.id)
            tile.set_content(page.tile, page.subtitle,
                             icon_pixmap(page.icon, host.colours.primary, icon_size)
                             if page.icon else None)
            tile.set_margins(m.px(24), m.px(22))
            tile.set_base_height(m.px(150))
            self.grid.addWidget(tile, index // columns, index % columns)
            tile.show()
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        rows = -(-len(topics) // columns)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 1 if row < rows else 0)
        self.scroll_area.refit()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.more.update()
        self.finish.setText(host.say("home.finish"))
        self.finish.setAccessibleName(host.say("home.finish"))
