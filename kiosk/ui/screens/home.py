"""Home: one large tile per topic, in the configured order. It never scrolls.

A main menu that scrolls hides topics behind a cut; instead, when the tiles do not
fit (large text, Spanish, a small screen), Home tries fewer or more columns, then
drops the subtitles and the hint, and takes the first arrangement that fits.
In portrait the tiles start below the top third, within reach of a seated person.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.ui.host import Host
from kiosk.ui.layout import Grid, apply_screen
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.pager import home_pages
from kiosk.ui.widgets import (
    RichButton,
    icon_pixmap,
    longest_word,
    make_label,
    wrapped_height,
)


@dataclass(frozen=True)
class Arrangement:
    columns: int
    subtitles: bool
    hint: bool = True


LANDSCAPE = (Arrangement(4, True), Arrangement(3, True), Arrangement(4, False),
             Arrangement(3, False), Arrangement(4, False, False), Arrangement(3, False, False),
             Arrangement(2, False, False))
PORTRAIT = (Arrangement(2, True), Arrangement(2, False), Arrangement(2, False, False),
            Arrangement(3, False, False))


class HomeScreen(ScreenBase):
    never_scroll = True

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("home")
        self.heading = make_label("", "h1")
        self.hint = make_label("", "muted")
        self.tiles: list[RichButton] = []
        self.arrangement = LANDSCAPE[0]
        self.grid_host = QWidget()
        self.grid_host.setObjectName("homeTiles")
        self.grid = QGridLayout(self.grid_host)
        self.header = QWidget()
        self.header.setObjectName("homeHeader")
        header = QVBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 0)
        header.addStretch(1)
        header.addWidget(self.heading)
        header.addWidget(self.hint)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.header)
        self.layout_.addWidget(self.grid_host, 1)
        # No "Finish" here: the bar's "Finish and clear" is on every screen, Home included.

    def redraw(self) -> None:
        host = self.host
        m = host.metrics
        grid = Grid(m)
        apply_screen(self.layout_, grid)
        self.layout_.setSpacing(grid.target_gap)
        self.heading.setText(host.say("home.heading"))
        self.hint.setText(host.say("home.hint"))
        topics = home_pages(host)
        while len(self.tiles) < len(topics):
            tile = RichButton("tile", f"tile-{len(self.tiles)}")
            tile.clicked.connect(lambda _=False, t=tile: self.host.open_page(t.property("page")))
            self.tiles.append(tile)
        self.grid.setSpacing(grid.target_gap)
        self.grid.setContentsMargins(0, 0, 0, 0)
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
        self._arrange()

    def pinned(self) -> list[QWidget]:
        return [self.heading, *self.tiles[:self._count()]]

    def _count(self) -> int:
        return len(home_pages(self.host)) if self.route is not None else 0

    def _tiles_height(self, arrangement: Arrangement, width: int) -> int:
        """Height the tiles need in `arrangement` at `width` (text wrapped as it will be)."""
        count = self._count()
        gap = self.grid.spacing()
        columns = arrangement.columns
        tile_width = (width - (columns - 1) * gap) // columns
        rows = -(-count // columns)
        tallest = 0
        for tile in self.tiles[:count]:
            layout = tile.layout()
            if layout is None:
                continue
            margins = layout.contentsMargins()
            inner = tile_width - margins.left() - margins.right()
            if not tile.icon_label.pixmap().isNull():
                inner -= tile.icon_label.pixmap().width() + layout.spacing()
            if longest_word(tile.title) > inner:
                return 1 << 20  # a word would be cut: this arrangement does not fit
            need = wrapped_height(tile.title, inner)
            if arrangement.subtitles and tile.sub.text():
                need += 4 + wrapped_height(tile.sub, inner)
            need += margins.top() + margins.bottom()
            tallest = max(tallest, need, tile.base_height)
        return rows * tallest + (rows - 1) * gap

    def _arrange(self) -> None:
        """Take the first arrangement whose tiles fit the room left by heading and Finish."""
        if self.route is None:
            return
        host = self.host
        grid = Grid(host.metrics)
        window = self.window()
        reach = grid.reach_top(window.height()) if host.portrait else 0
        header_min = max(0, reach - grid.top - grid.target_gap)
        width = self.width() - 2 * grid.edge
        chosen = (PORTRAIT if host.portrait else LANDSCAPE)
        pick = chosen[-1]
        for arrangement in chosen:
            self.hint.setVisible(arrangement.hint)
            header = max(header_min, wrapped_height(self.heading, width)
                         + (grid.item + wrapped_height(self.hint, width)
                            if arrangement.hint else 0))
            room = self.height() - grid.top - grid.bottom - header - self.layout_.spacing()
            if self._tiles_height(arrangement, width) <= room:
                pick = arrangement
                break
        self.arrangement = pick
        self.hint.setVisible(pick.hint)
        self.header.setMinimumHeight(header_min)
        self._place(pick)

    def _place(self, arrangement: Arrangement) -> None:
        count = self._count()
        for index in reversed(range(self.grid.count())):
            item = self.grid.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                self.grid.removeWidget(widget)
        columns = arrangement.columns
        for index, tile in enumerate(self.tiles[:count]):
            tile.sub.setVisible(arrangement.subtitles and bool(tile.sub.text()))
            tile.set_base_height(tile.base_height)  # measure again without the subtitle
            self.grid.addWidget(tile, index // columns, index % columns)
            tile.show()
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        rows = -(-count // columns)
        for row in range(max(self.grid.rowCount(), rows)):
            self.grid.setRowStretch(row, 1 if row < rows else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._arrange()
