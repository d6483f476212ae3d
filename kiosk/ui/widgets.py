"""Small building blocks shared by the screens: buttons, icons, scrolling, swipes."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QIcon,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.paths import assets_dir

SWIPE_MIN_PX = 120


@lru_cache(maxsize=256)
def icon_pixmap(name: str, colour: str, size: int, accent: str = "#FFFFFF") -> QPixmap:
    """An SVG icon from assets/icons drawn in `colour` (and `accent` for two-tone icons)."""
    path = assets_dir() / "icons" / f"{name}.svg"
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    try:
        svg = Path(path).read_text(encoding="utf-8").replace("currentColor", colour).replace(
            "accentColor", accent)
    except OSError:
        return pixmap
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def load_logo(path: str, height: int) -> QPixmap | None:
    """The clinic's logo scaled to `height`, or None when unset or unreadable."""
    if not path:
        return None
    if path.lower().endswith(".svg"):
        renderer = QSvgRenderer(path)
        if not renderer.isValid():
            return None
        size = renderer.defaultSize()
        width = max(1, round(size.width() * height / max(1, size.height())))
        pixmap = QPixmap(width, height)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, width, height))
        painter.end()
        return pixmap
    pixmap = QPixmap(path)
    if pixmap.isNull():
        return None
    return pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


def make_button(text: str = "", role: str = "", name: str = "") -> QPushButton:
    """A touch button: big, named for screen readers, never a default button."""
    button = QPushButton(text)
    if role:
        button.setProperty("role", role)
    button.setObjectName(name or role or "button")
    button.setAutoDefault(False)
    # Tab focus only: a tap must not leave a focus ring that looks like a selection.
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return button


def set_icon(button: QPushButton, name: str, colour: str, size: int) -> None:
    button.setIcon(QIcon(icon_pixmap(name, colour, size)))
    button.setIconSize(QSize(size, size))


def make_label(text: str = "", role: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def enable_kinetic_scroll(area: QAbstractScrollArea) -> None:
    """One-finger flick scrolling with no overshoot (a bounce reads as a glitch)."""
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.TouchGesture)
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    scroller.setScrollerProperties(props)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


class ReaderView(QTextBrowser):
    """A page view whose lines stay readable: at most `max_text` px wide, centred.

    Lines of 150 characters across a landscape screen are hard to follow; about
    65-70 characters is the comfortable measure.
    """

    def __init__(self) -> None:
        super().__init__()
        self.max_text = 0

    def set_max_text_width(self, pixels: int) -> None:
        self.max_text = pixels
        self._fit()

    def _fit(self) -> None:
        spare = self.width() - self.max_text - self.verticalScrollBar().sizeHint().width()
        side = max(0, spare // 2) if self.max_text else 0
        self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        self._fit()
        super().resizeEvent(event)


def make_reader() -> ReaderView:
    """A read-only page view: no selection, no context menu, links never opened by Qt."""
    browser = ReaderView()
    browser.setOpenLinks(False)
    browser.setOpenExternalLinks(False)
    browser.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
    browser.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    browser.setFrameShape(QTextBrowser.Shape.NoFrame)
    browser.setUndoRedoEnabled(False)
    browser.setAcceptDrops(False)
    browser.viewport().setAcceptDrops(False)
    enable_kinetic_scroll(browser)
    return browser


class SwipeFilter(QObject):
    """Turns a one-finger horizontal drag into `swiped(+1 / -1)` (Qt's gesture needs 3)."""

    swiped = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start: QPointF | None = None

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self._start = self._point(event)
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd) and self._start:
            end = self._point(event)
            start, self._start = self._start, None
            if end is not None:
                dx, dy = end.x() - start.x(), end.y() - start.y()
                if abs(dx) >= SWIPE_MIN_PX and abs(dx) > 2 * abs(dy):
                    self.swiped.emit(1 if dx < 0 else -1)
        return False

    @staticmethod
    def _point(event: QEvent) -> QPointF | None:
        points = getattr(event, "points", None)
        if callable(points):
            pts = points()
            if pts:
                return QPointF(pts[0].globalPosition())
        position = getattr(event, "globalPosition", None)
        return QPointF(position()) if callable(position) else None


class Dots(QWidget):
    """Progress dots: filled up to the current step, ringed after it."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.current = 0
        self.fill = QColor("#1D5B73")
        self.empty = QColor("#6C7C86")
        self.line: QColor | None = None
        self.hole = QColor("#F4F1EA")
        self.dot = 18
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_state(self, count: int, current: int) -> None:
        self.count, self.current = count, current
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.count * self.dot * 2, self.dot * 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(0, self.dot * 2)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if not self.count:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        gap = min(self.dot * 1.1, (self.width() - self.count * self.dot) / max(self.count, 1))
        total = self.count * self.dot + (self.count - 1) * gap
        x = (self.width() - total) / 2
        y = (self.height() - self.dot) / 2
        if self.line is not None and self.count > 1:
            painter.setPen(QPen(self.line, max(2, self.dot // 6)))
            painter.drawLine(QPointF(x + self.dot / 2, y + self.dot / 2),
                             QPointF(x + total - self.dot / 2, y + self.dot / 2))
        for index in range(self.count):
            rect = QRectF(x, y, self.dot, self.dot)
            if index <= self.current:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self.fill)
                painter.drawEllipse(rect.adjusted(-2, -2, 2, 2) if index == self.current
                                    else rect)
            else:
                painter.setPen(QPen(self.empty, max(2, self.dot // 8)))
                painter.setBrush(self.hole)
                painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
            x += self.dot + gap
        painter.end()


class QrView(QWidget):
    """Paints a QR matrix with plain rectangles: no image plugin needed."""

    def __init__(self) -> None:
        super().__init__()
        self.matrix: list[list[bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_matrix(self, matrix: list[list[bool]], side: int) -> None:
        self.matrix = matrix
        self.setFixedSize(side, side)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))  # QR needs light quiet zone
        n = len(self.matrix)
        if n:
            cell = self.width() / n
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#000000"))
            for y, row in enumerate(self.matrix):
                for x, dark in enumerate(row):
                    if dark:
                        painter.drawRect(QRectF(x * cell, y * cell, cell + 0.5, cell + 0.5))
        painter.end()


def stacked(*widgets: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """Widgets one under another at the top of a plain holder (for a scroll area to hold):
    the stretch below keeps short content from spreading out."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        column.addWidget(widget)
    column.addStretch(1)
    return holder, column


def layout_height(layout: QLayout | None, width: int) -> int:
    """Height a layout needs at `width`, wrapped text included (0 without a layout)."""
    if layout is None:
        return 0
    if layout.hasHeightForWidth():
        return max(0, layout.totalHeightForWidth(width))
    return layout.totalMinimumSize().height()


def longest_word(label: QLabel) -> int:
    """Width of the label's longest word: wrapping cannot make a line narrower."""
    label.ensurePolished()
    metrics = QFontMetrics(label.font())
    return max((metrics.horizontalAdvance(word) for word in label.text().split()), default=0)


def wrapped_height(label: QLabel, width: int) -> int:
    label.ensurePolished()
    metrics = QFontMetrics(label.font())
    box = metrics.boundingRect(QRect(0, 0, max(1, width), 100_000),
                               int(Qt.TextFlag.TextWordWrap), label.text())
    margins = label.contentsMargins()
    return box.height() + margins.top() + margins.bottom() + 2 * label.margin()


class RichButton(QPushButton):
    """A button whose text wraps: an icon beside one or two labels.

    Plain QPushButton text never wraps, which clips long labels at large text
    sizes and in Spanish; this grows taller instead.
    """

    def __init__(self, role: str, name: str, sub_role: str = "", top: bool = True,
                 icon_right: bool = False, title_role: str = "") -> None:
        super().__init__()
        self.setProperty("role", role)
        self.setObjectName(name)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.icon_label = QLabel()
        self.icon_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.title = make_label("", title_role or f"{role}Title")
        self.title.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.sub = make_label("", sub_role or f"{role}Sub")
        self.sub.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(4)
        texts.addWidget(self.title)
        texts.addWidget(self.sub)
        if top:
            texts.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.setSpacing(20)
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop if top
                      else Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(texts, 1)
        if icon_right:
            row.setDirection(QHBoxLayout.Direction.RightToLeft)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.base_height = 0
        for label in (self.title, self.sub):
            label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """A new text size restyles the labels after set_content ran: measure again."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self._grow)
        return False

    def set_content(self, title: str, sub: str = "", icon: QPixmap | None = None) -> None:
        self.title.setText(title)
        self.sub.setText(sub)
        self.sub.setVisible(bool(sub))
        self.icon_label.setVisible(icon is not None and not icon.isNull())
        if icon is not None:
            self.icon_label.setPixmap(icon)
        self.setAccessibleName(f"{title}. {sub}" if sub else title)
        self._grow()
        self.updateGeometry()

    def set_base_height(self, height: int) -> None:
        """The least height; wrapped text can make the button taller than this."""
        self.base_height = height
        self._grow()

    def _text_width(self) -> int:
        """Width the labels get: the button minus its margins and the icon column."""
        layout = self.layout()
        if layout is None:
            return self.width()
        margins = layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        if not self.icon_label.isHidden() and not self.icon_label.pixmap().isNull():
            width -= self.icon_label.pixmap().width() + layout.spacing()
        return max(1, width)

    def _grow(self) -> None:
        width = self._text_width()
        for label in (self.title, self.sub):
            # Box layouts hand wrapped labels their one-line height, and QLabel's own
            # height-for-width can lag a restyle: measure with the current font.
            needed = wrapped_height(label, width) if label.text() else 0
            if needed != label.minimumHeight():
                label.setMinimumHeight(max(0, needed))
        wanted = max(self.base_height, layout_height(self.layout(), self.width()))
        if wanted != self.minimumHeight():
            self.setMinimumHeight(wanted)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._grow()

    def set_margins(self, horizontal: int, vertical: int) -> None:
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(horizontal, vertical, horizontal, vertical)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        layout = self.layout()
        needed = layout.totalHeightForWidth(width) if layout is not None else 0
        return max(needed, self.minimumHeight())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        layout = self.layout()
        hint = layout.totalSizeHint() if layout is not None else QSize(200, 100)
        return QSize(hint.width(), self.heightForWidth(max(hint.width(), self.width())))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.minimumWidth(), self.minimumHeight())


class FitScrollArea(QScrollArea):
    """A scroll area whose content is as tall as its wrapped text needs.

    Qt does not pass height-for-width through a scroll area, so wrapped labels
    inside one get clipped; this asks the content's layout on every resize.
    """

    def __init__(self, content: QWidget, kinetic: bool = True) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(content)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls inside
        if kinetic:
            enable_kinetic_scroll(self)

    def refit(self) -> None:
        content = self.widget()
        layout = content.layout() if content is not None else None
        if content is None or layout is None:
            return
        layout.activate()
        needed = layout_height(layout, self.viewport().width())
        if needed != content.minimumHeight():
            content.setMinimumHeight(needed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.refit()
